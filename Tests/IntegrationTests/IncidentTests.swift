import Foundation
import Testing

/// Incidents opened by real probe failures of the running binary, and told to admins (only)
/// on the live channel.
@Suite("Incidents from probe failures", .serialized)
struct IncidentTests {
    /// The state database locked by another process for longer than ccrd waits for it (5 s):
    /// the heartbeat fails, a P1 `database` incident opens (written once the database is back,
    /// with its real opening time), and closes after recovery.
    @Test func aLockedDatabaseOpensAP1ThatClosesAfterRecovery() async throws {
        let daemon = try Daemon(environment: ["CCRD_SLA_HEARTBEAT_INTERVAL": "500ms"])
        try await daemon.waitUntilReady()
        let admin = LiveClient(port: daemon.httpPort, token: daemon.adminToken)
        let supervisor = LiveClient(port: daemon.httpPort, token: try daemon.createToken(role: "supervisor", teams: ["blue"]))
        try await Task.sleep(for: .seconds(1))
        let (lockedAt, releasedAt) = try DatabaseLock.hold(daemon.databasePath, seconds: 8)
        var line: Substring?
        for _ in 0..<40 where line == nil {
            try await Task.sleep(for: .milliseconds(250))
            let list = try daemon.runCLI(["incident", "list", "--config", daemon.configPath])
            line = list.split(separator: "\n").first { $0.contains("\tdatabase\t") && !$0.contains("\topen\t") }
        }
        let found = try #require(line, "no closed database incident; log:\n\(daemon.log.suffix(3000))")
        let fields = found.split(separator: "\t").map(String.init)
        #expect(fields[1] == "P1")
        let opened = try #require(try? Date(fields[3], strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        let closed = try #require(try? Date(fields[4], strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
        print("database incident: opened \(opened.timeIntervalSince(lockedAt)) s after the lock, closed \(closed.timeIntervalSince(releasedAt)) s after its release")
        #expect(opened >= lockedAt && opened.timeIntervalSince(lockedAt) <= 10, "opened \(opened.timeIntervalSince(lockedAt)) s after the lock")
        #expect(closed > opened && closed.timeIntervalSince(releasedAt) > -0.5 && closed.timeIntervalSince(releasedAt) <= 10)
        #expect(fields[5].hasPrefix("due ") && fields[5] != "due -")
        #expect(daemon.log.contains("incident opened"))
        // Admins on the live channel were told it opened and closed; a supervisor was not.
        func incidentNotices(_ messages: [[String: Any]]) -> [[String: Any]] {
            messages.filter { $0["type"] as? String == "notice" }.compactMap { $0["notice"] as? [String: Any] }
                .filter { ($0["incident"] as? [String: Any])?["component"] as? String == "database" }
        }
        #expect(
            await admin.wait(timeout: .seconds(5)) { incidentNotices($0).compactMap { $0["type"] as? String } == ["incident.opened", "incident.closed"] },
            "admin got \(incidentNotices(admin.received))")
        #expect(incidentNotices(supervisor.received).isEmpty)
        // The database was down when it opened: no id then; the close carries the id it got.
        #expect((incidentNotices(admin.received).last?["incident"] as? [String: Any])?["id"] as? NSNumber == NSNumber(value: Int(fields[0]) ?? -1))
        // An admin takes it in charge through the API: admins are told.
        let (status, taken) = try await daemon.request("POST", "/v1/incidents/\(fields[0])/ack", token: daemon.adminToken)
        #expect(status == 200 && taken["acknowledgedBy"] is String)
        #expect(await admin.wait(timeout: .seconds(5)) { incidentNotices($0).last?["type"] as? String == "incident.acknowledged" })
        #expect(incidentNotices(supervisor.received).isEmpty)
        await admin.close()
        await supervisor.close()
        await daemon.stop()
    }
}
