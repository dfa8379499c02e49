import Foundation
import Testing

/// Incidents opened by real probe failures of the running binary.
@Suite("Incidents from probe failures", .serialized)
struct IncidentTests {
    /// The state database locked by another process for longer than ccrd waits for it (5 s):
    /// the heartbeat fails, a P1 `database` incident opens (written once the database is back,
    /// with its real opening time), and closes after recovery.
    @Test func aLockedDatabaseOpensAP1ThatClosesAfterRecovery() async throws {
        let daemon = try Daemon(environment: ["CCRD_SLA_HEARTBEAT_INTERVAL": "500ms"])
        try await daemon.waitUntilReady()
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
        // An admin takes it in charge from the command line.
        #expect(try daemon.runCLI(["incident", "ack", "--config", daemon.configPath, fields[0]]).contains("taken "))
        await daemon.stop()
    }
}
