import Foundation
import Testing

/// The data-protection duties on a real daemon and its real database file: export through the
/// command line, erasure through the API followed by a byte scan, the journal verified and
/// then tampered with through the sqlite3 tool.
@Suite("Data protection", .serialized)
struct DataProtectionTests {
    static let agent = "agent-qx-5521"
    static let caller = "+4917000111222"

    /// Files of the database that contain `needle`.
    static func filesContaining(_ needle: String, database: String) -> [String] {
        ["", "-wal", "-shm"].map { database + $0 }.filter { path in
            FileManager.default.contents(atPath: path).map { $0.range(of: Data(needle.utf8)) != nil } ?? false
        }
    }

    @Test func exportEraseAndJournalOnARealDaemon() async throws {
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall([
            "callId": "dp-1", "agentId": Self.agent, "team": "blue", "caller": Self.caller,
            "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
        ])
        let agentPort = call.int("legs.agent.port")
        let customerPort = call.int("legs.customer.port")
        async let agentLeg = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 6, port: agentPort, syllables: true))
        async let customerLeg = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 6, port: customerPort))
        _ = try await (agentLeg, customerLeg)
        #expect(try await daemon.request("POST", "/v1/calls/dp-1/end").0 == 200)
        for index in 1...3 {
            _ = try await daemon.startCall(["callId": "dp-other-\(index)", "agentId": "agent-other", "legs": ["agent": ["codec": "pcmu"]]])
            _ = try await daemon.request("POST", "/v1/calls/dp-other-\(index)/end")
        }
        // call.ended is published after the commit, so the stored call is there at once.
        let stored = try await daemon.storedCall("dp-1")
        #expect(stored.string("call.state") == "ended")
        #expect((stored["timeline"] as? [Any])?.isEmpty == false)

        // Export through the command line: NDJSON to stdout, CSV to a file.
        let ndjson = try daemon.runCLI(["export", "--config", daemon.configPath, "--agent", Self.agent])
        let lines = ndjson.split(separator: "\n")
        #expect(lines.count == 1)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(record.string("call.id") == "dp-1" && record.string("call.callerNumber") == Self.caller)
        let csvPath = daemon.directory.appendingPathComponent("export.csv").path
        try daemon.runCLI(["export", "--config", daemon.configPath, "--format", "csv", "--output", csvPath, "--from", "2020-01-01"])
        let csv = try String(contentsOfFile: csvPath, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(csv.count == 5 && csv[0].hasPrefix("callId,"))
        #expect(throws: (any Error).self) { try daemon.runCLI(["export", "--config", daemon.configPath, "--from", "soon"]) }

        // A dry-run purge with the default retention deletes nothing.
        let dry = try daemon.runCLI(["purge", "--config", daemon.configPath, "--dry-run", "--format", "json"])
        #expect(dry.contains(#""calls" : 0"#) && dry.contains(#""dryRun" : true"#))

        // Erasure through the API; then no file of the database holds the agent or the caller.
        #expect(!Self.filesContaining(Self.agent, database: daemon.databasePath).isEmpty)
        let (status, erased) = try await daemon.request("DELETE", "/v1/subjects/agent/\(Self.agent)")
        #expect(status == 200 && erased.int("removed.calls") == 1)
        #expect(Self.filesContaining(Self.agent, database: daemon.databasePath).isEmpty)
        #expect(Self.filesContaining(Self.caller, database: daemon.databasePath).isEmpty)
        #expect(try await daemon.request("GET", "/v1/calls/dp-1").0 == 404)
        #expect(try await daemon.request("GET", "/v1/calls?agent=agent-other").1["calls"].map { ($0 as? [Any])?.count } == 3)

        // The journal holds all of it, chained, and says so.
        let verified = try daemon.runCLI(["journal", "verify", "--config", daemon.configPath])
        #expect(verified.hasPrefix("journal intact"))
        let shown = try daemon.runCLI(["journal", "show", "--config", daemon.configPath])
        for action in ["token.create", "call.read", "export", "subject.erase", "calls.list"] {
            #expect(shown.contains("\t\(action)\t"), "no \(action) in the journal:\n\(shown)")
        }
        #expect(!shown.contains(Self.agent))
        #expect(await daemon.stop() == 0)

        // Someone edits an entry with the sqlite3 tool: verification fails and says where.
        _ = try await Command.output(
            "/usr/bin/env",
            ["sqlite3", daemon.databasePath, "DROP TRIGGER journal_append_only; UPDATE journal SET actor = 'cli:nobody' WHERE seq = 2"])
        do {
            try daemon.runCLI(["journal", "verify", "--config", daemon.configPath])
            Issue.record("journal verify passed on an edited journal")
        } catch Daemon.DaemonError.cliFailed(_, let status, _) {
            #expect(status == 1)
        }
    }
}
