import Foundation
import Testing

/// ccrd under a `Type=notify` unit, with this test as systemd's end of `NOTIFY_SOCKET`.
@Suite("systemd notify and watchdog", .serialized)
struct SystemdNotifyTests {
    /// READY=1 once it serves, WATCHDOG=1 from the health loop, no WATCHDOG=1 while the loop is
    /// stalled (its database probe waits on a lock another process holds), then again; on
    /// SIGTERM, STOPPING=1, and the run is recorded as a clean stop.
    @Test func readyWatchdogStallAndStopping() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-notify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let peer = try NotifyPeer(directory: directory)
        defer { peer.stop() }
        // Watchdog timeout 1 s: the loop pings at least every 0.5 s, here every 0.2 s.
        let daemon = try Daemon(environment: ["NOTIFY_SOCKET": peer.path, "WATCHDOG_USEC": "1000000", "CCRD_SLA_HEARTBEAT_INTERVAL": "200ms"])
        let ready = await peer.wait(for: "READY=1", timeout: .seconds(30))
        try #require(ready != nil, "no READY=1: \(peer.messages.map(\.message)) \(daemon.log)")
        // READY comes once the HTTP server answers.
        let (status, _) = try await HTTP.request("GET", "\(daemon.baseURL)/healthz")
        #expect(status == 200)
        #expect(peer.messages.contains { $0.message.contains("STATUS=serving: 0 live calls") })
        // Ready once serving and probed: every component up.
        var readiness: (Int, [String: Any]) = (0, [:])
        for _ in 0..<20 {
            readiness = try await HTTP.request("GET", "\(daemon.baseURL)/readyz")
            if readiness.0 == 200 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(readiness.0 == 200 && readiness.1["status"] as? String == "ready", "\(readiness)")
        let components = readiness.1["components"] as? [String: String] ?? [:]
        #expect(components["database"] == "up" && components["event-loops"] == "up" && components["store-writer"] == "up", "\(components)")
        #expect(components["disk"] != nil && components["disk"] != "down", "\(components)")
        try await Task.sleep(for: .seconds(2))
        let steady = peer.messages.filter { $0.message == "WATCHDOG=1" && $0.at > ready! }
        #expect(steady.count >= 5, "\(steady.count) pings in 2 s")

        // Stall the loop: hold the database's write lock for 3 s from another process.
        let lockStarted = ContinuousClock.now
        _ = try DatabaseLock.hold(daemon.databasePath, seconds: 3)
        let releasedAt = ContinuousClock.now
        let lockedAt = lockStarted
        let resumed = await peer.wait(for: "WATCHDOG=1", after: releasedAt, timeout: .seconds(5))
        #expect(resumed != nil, "the pings did not resume after the lock was released")
        // Within the lock's 3 s, no ping for at least 2 s (the round that began before it may still land).
        let during = peer.messages.filter { $0.message == "WATCHDOG=1" && $0.at >= lockedAt && $0.at < releasedAt }.map(\.at)
        var longestGap = Duration.zero
        var previous = lockedAt
        for at in during + [releasedAt] {
            longestGap = max(longestGap, at - previous)
            previous = at
        }
        #expect(longestGap >= .seconds(2), "longest gap between pings while stalled: \(longestGap); pings: \(during.count)")

        // A clean stop: STOPPING=1, and the run row carries its stop.
        let stopAsked = ContinuousClock.now
        #expect(await daemon.stop() == 0)
        #expect(await peer.wait(for: "STOPPING=1", after: stopAsked, timeout: .seconds(5)) != nil)
        let runs = try sqlite(daemon.databasePath, "SELECT COUNT(*), COUNT(stoppedAt) FROM service_run")
        #expect(runs == "1|1", "service_run: \(runs)")
    }

    func sqlite(_ path: String, _ query: String) throws -> String {
        try Command.capture(["sqlite3", path, query]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
