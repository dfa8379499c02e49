import Foundation
import Testing

/// Availability as ccrd measures it about itself, against a prober outside it: the real binary
/// killed with SIGKILL and stopped with SIGTERM, restarted on the same state database and port.
@Suite("Availability across a crash and a stop", .serialized)
struct AvailabilityTests {
    /// Polls `/healthz` every 100 ms with curl (a process of its own, 300 ms at most per poll)
    /// and keeps when each answer (or failure) came.
    final class Prober: @unchecked Sendable {
        private let lock = NSLock()
        private var polls: [(at: ContinuousClock.Instant, up: Bool)] = []
        private var running = true

        init(url: String) {
            Thread { [self] in
                while lock.withLock({ running }) {
                    let answer = try? Command.capture(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "0.3", url])
                    let up = answer?.output == "200"
                    lock.withLock { polls.append((ContinuousClock.now, up)) }
                    Thread.sleep(forTimeInterval: 0.1)
                }
            }.start()
        }

        func stop() { lock.withLock { running = false } }

        /// The first successful poll after `moment`.
        func firstUp(after moment: ContinuousClock.Instant) -> ContinuousClock.Instant? {
            lock.withLock { polls.first { $0.at > moment && $0.up }?.at }
        }

        /// The first failed poll after `moment`.
        func firstDown(after moment: ContinuousClock.Instant) -> ContinuousClock.Instant? {
            lock.withLock { polls.first { $0.at > moment && !$0.up }?.at }
        }

        /// The last successful poll before `moment`.
        func lastUp(before moment: ContinuousClock.Instant) -> ContinuousClock.Instant? {
            lock.withLock { polls.last { $0.at < moment && $0.up }?.at }
        }
    }

    @Test func downtimeMatchesTheProberWithinAHeartbeat() async throws {
        let heartbeat = 0.5
        var environment = ["CCRD_SLA_HEARTBEAT_INTERVAL": "500ms"]
        let first = try Daemon(environment: environment)
        environment["CCRD_HTTP_PORT"] = "\(first.httpPort)"
        try await first.waitUntilReady()
        let prober = Prober(url: "\(first.baseURL)/healthz")
        defer { prober.stop() }
        try await Task.sleep(for: .seconds(1.3))

        // A crash: SIGKILL, 2 s down, restart.
        let killed = ContinuousClock.now
        first.crash()
        try await Task.sleep(for: .seconds(2))
        let second = try Daemon(environment: environment, directory: first.directory)
        try await second.waitUntilReady()
        try await Task.sleep(for: .seconds(1.2))
        let crashDown = try #require(prober.firstDown(after: killed))
        let crashUp = try #require(prober.firstUp(after: crashDown))

        // A clean stop: SIGTERM, 1.5 s down, restart.
        let stopAsked = ContinuousClock.now
        #expect(await second.stop() == 0)
        try await Task.sleep(for: .seconds(1.5))
        let third = try Daemon(environment: environment, directory: first.directory)
        try await third.waitUntilReady()
        try await Task.sleep(for: .seconds(0.5))
        // SIGTERM drains: /healthz may answer a little longer. The outage is from the last answer
        // before the first failure to the first answer after it.
        let stopDown = try #require(prober.firstDown(after: stopAsked))
        let stopUp = try #require(prober.firstUp(after: stopDown))
        let lastUpBeforeStop = try #require(prober.lastUp(before: stopDown))
        prober.stop()

        let report = try third.runCLI(["sla", "report", "--format", "json", "--config", third.configPath])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])
        let outages = try #require(json["outages"] as? [[String: Any]], "\(report)")
        try #require(outages.count == 2, "\(report)")
        let crashSeconds = try #require(outages[0]["seconds"] as? Double)
        let stopSeconds = try #require(outages[1]["seconds"] as? Double)
        #expect(outages.map { $0["cause"] as? String } == ["crash", "stop"])
        let proberCrash = Self.seconds(crashUp - killed)
        let proberStop = Self.seconds(stopUp - lastUpBeforeStop)
        print("downtime, crash: ccrd \(crashSeconds) s, prober \(proberCrash) s; clean stop: ccrd \(stopSeconds) s, prober \(proberStop) s")
        // Within one heartbeat interval, plus the prober's own 100 ms.
        #expect(abs(crashSeconds - proberCrash) <= heartbeat + 0.1, "crash: ccrd \(crashSeconds) s, prober \(proberCrash) s")
        #expect(abs(stopSeconds - proberStop) <= heartbeat + 0.1, "stop: ccrd \(stopSeconds) s, prober \(proberStop) s")
        // The prober's requests were timed and written per hour, across the kill and the stop.
        let latency = try #require(json["latency"] as? [String: Any])
        let week = try #require(latency["last7Days"] as? [String: Any])
        #expect((week["requests"] as? Int ?? 0) >= 20, "\(week)")
        #expect((latency["routes"] as? [[String: Any]])?.contains { $0["route"] as? String == "GET /healthz" } == true, "\(latency)")
        let availability = try #require(json["availability"] as? [String: Any])
        let downtime = try #require(availability["downtimeMinutes"] as? Double)
        #expect(abs(downtime * 60 - crashSeconds - stopSeconds) < 0.01 || (availability["excludedMinutes"] as? Double ?? 0) > 0)
        // The kill is a P1 incident of its own, from the last heartbeat to the restart.
        let incidents = try third.runCLI(["incident", "list", "--config", third.configPath])
        let crash = incidents.split(separator: "\n").filter { $0.contains("\tccrd\t") }
        #expect(crash.count == 1 && crash.first?.contains("\tP1\t") == true, "\(incidents)")
        // The command line announces, lists and cancels a window (the API's checks apply).
        let start = Int(Date().timeIntervalSince1970) + 86_400
        let added = try third.runCLI(["maintenance", "add", "--config", third.configPath, "--start", "\(start)", "--end", "\(start + 3600)", "--reason", "disk swap"])
        let id = try #require(added.split(separator: "\t").first.map(String.init), "\(added)")
        #expect(added.contains("disk swap"))
        #expect(try third.runCLI(["maintenance", "list", "--config", third.configPath]).contains("\(id)\t"))
        #expect(try third.runCLI(["maintenance", "cancel", "--config", third.configPath, id]).contains("cancelled"))
        #expect(throws: Daemon.DaemonError.self) {
            try third.runCLI(["maintenance", "add", "--config", third.configPath, "--start", "\(start - 2 * 86_400)", "--end", "\(start)", "--reason", "late"])
        }
        await third.stop()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
