import Foundation
import Testing

/// The live channel of a real daemon, fed by a real streamed call: alerts arrive, filters and
/// team scopes hold, a reconnect with `since` gets every missed event once and in order.
@Suite("Live channel", .serialized)
struct LiveChannelTests {
    /// Alert rules that fire within seconds of a quiet line.
    static let config = """
        alerts:
          - {name: dead-air, metric: deadAir, comparator: ">", threshold: 2, severity: critical, cooldown: 30s}
          - {name: agent-monologue, metric: agentMonologue, comparator: ">", threshold: 1, severity: info, cooldown: 30s}
        """

    static func writeConfig() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-live-\(UUID().uuidString).yaml").path
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Status of a WebSocket upgrade request made with curl.
    static func upgradeStatus(port: Int, token: String?) async throws -> Int {
        var arguments = [
            "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
            "-H", "Connection: Upgrade", "-H", "Upgrade: websocket", "-H", "Sec-WebSocket-Version: 13",
            "-H", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
        ]
        if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
        arguments.append("http://127.0.0.1:\(port)/v1/live")
        return Int(try await Command.output("/usr/bin/curl", arguments).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test func streamedCallReachesTheRightSupervisorsAndSurvivesAReconnect() async throws {
        let configPath = try Self.writeConfig()
        defer { try? FileManager.default.removeItem(atPath: configPath) }
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_IDLE_TIMEOUT": "60s"], configPath: configPath)
        try await daemon.waitUntilReady()
        let blue = try daemon.createToken(role: "supervisor", teams: ["blue"])
        let red = try daemon.createToken(role: "supervisor", teams: ["red"])
        let gateway = try daemon.createToken(role: "gateway")

        // Refused before the upgrade: no token, a wrong one, a gateway's.
        #expect(try await Self.upgradeStatus(port: daemon.httpPort, token: nil) == 401)
        #expect(try await Self.upgradeStatus(port: daemon.httpPort, token: "ccrd_abc_def") == 401)
        #expect(try await Self.upgradeStatus(port: daemon.httpPort, token: gateway) == 403)
        #expect(daemon.log.contains("authentication failed"))

        let admin = LiveClient(port: daemon.httpPort, token: daemon.adminToken)
        let blueAll = LiveClient(port: daemon.httpPort, token: blue)
        let blueAlerts = LiveClient(port: daemon.httpPort, token: blue, query: "kinds=alerts&minSeverity=critical")
        let redAll = LiveClient(port: daemon.httpPort, token: red)
        let blueAsksForRed = LiveClient(port: daemon.httpPort, token: blue, query: "teams=red")
        for client in [admin, blueAll, blueAlerts, redAll, blueAsksForRed] {
            #expect(await client.wait { $0.first?["type"] as? String == "snapshot" })
        }

        // A gateway starts a blue call; both legs speak for 2 s, then the senders go quiet.
        let (status, call) = try await daemon.request(
            "POST", "/v1/calls",
            json: ["callId": "live-1", "agentId": "a-17", "team": "blue", "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]]],
            token: gateway)
        try #require(status == 201, "\(call)")
        let agentPort = call.int("legs.agent.port")
        let customerPort = call.int("legs.customer.port")
        async let agent = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: agentPort, syllables: true))
        async let customer = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: customerPort))

        // The blue supervisor sees the call start, then drops its connection.
        #expect(await blueAll.wait { $0.contains { $0.eventType == "call.started" } })
        let lastSeen = blueAll.events.last?.seq ?? 0
        await blueAll.close()
        _ = try await (agent, customer)

        // The dead-air alert reaches the alert-only client, with seq and server time.
        #expect(await blueAlerts.wait { $0.contains { $0.eventType == "alert.raised" } })
        let alert = try #require(blueAlerts.events.first { $0.eventType == "alert.raised" })
        #expect(alert.callId == "live-1")
        #expect(alert["agentId"] as? String == "a-17")
        #expect(alert["team"] as? String == "blue")
        #expect((alert["serverTime"] as? String)?.hasSuffix("Z") == true)
        #expect(((alert["event"] as? [String: Any])?["alert"] as? [String: Any])?["rule"] as? String == "dead-air")
        #expect(blueAlerts.events.allSatisfy { $0.eventType == "alert.raised" || $0.eventType == "alert.cleared" })
        #expect(!blueAlerts.events.contains { (($0["event"] as? [String: Any])?["alert"] as? [String: Any])?["severity"] as? String == "info" })

        // Let a few windows be scored while the blue supervisor is away.
        #expect(await admin.wait { $0.filter { $0.eventType == "window.scored" }.count >= 2 })

        // Reconnecting with since: every missed event, once, in order, the same as the admin saw.
        let resumed = LiveClient(port: daemon.httpPort, token: blue, query: "since=\(lastSeen)")
        #expect(await resumed.wait { $0.contains { $0.eventType == "window.scored" } })
        #expect(resumed.received.first?["type"] as? String == "event")  // no snapshot on resume
        let resumedSeqs = resumed.events.map(\.seq)
        let adminSeqs = admin.events.filter { $0.callId == "live-1" && $0.seq > lastSeen }.map(\.seq)
        #expect(!resumedSeqs.isEmpty)
        #expect(resumedSeqs == Array(adminSeqs.prefix(resumedSeqs.count)))
        #expect(Set(resumedSeqs).count == resumedSeqs.count)

        // The call ends; red never saw anything of it, whatever it asked for.
        let (ended, _) = try await daemon.request("POST", "/v1/calls/live-1/end", token: gateway)
        #expect(ended == 200)
        #expect(await admin.wait { $0.contains { $0.eventType == "call.ended" } })
        #expect(await resumed.wait { $0.contains { $0.eventType == "call.ended" } })
        for client in [redAll, blueAsksForRed] {
            #expect(client.events.isEmpty)
            #expect(client.received.count == 1)
        }
        // Everything the admin saw is numbered without a gap, from just after its snapshot.
        let all = admin.events.map(\.seq)
        let start = (admin.received.first?["seq"] as? NSNumber)?.intValue ?? 0
        #expect(all == Array((start + 1)...(all.last ?? start)))
        for client in [admin, blueAlerts, redAll, blueAsksForRed, resumed] { await client.close() }
        #expect(await daemon.stop() == 0)
    }

    @Test func tokenCommandsCreateListAndRevoke() async throws {
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let token = try daemon.createToken(role: "supervisor", teams: ["blue", "green"], expires: "90d")
        let id = try #require(token.split(separator: "_").dropFirst().first.map(String.init))
        let list = try daemon.runCLI(["token", "list", "--config", daemon.configPath, "--format", "json"])
        #expect(list.contains(id) && list.contains("supervisor") && list.contains("green"))
        #expect(!list.contains(token))  // only the hash is stored, never shown again
        let (before, _) = try await daemon.request("GET", "/v1/calls", token: token)
        #expect(before == 200)
        try daemon.runCLI(["token", "revoke", "--config", daemon.configPath, id])
        let (after, body) = try await daemon.request("GET", "/v1/calls", token: token)
        #expect(after == 401)
        #expect(body.string("error.message") == "token revoked")
        #expect(throws: (any Error).self) { try daemon.createToken(role: "supervisor") }  // needs --team
        #expect(throws: (any Error).self) { try daemon.runCLI(["token", "revoke", "--config", daemon.configPath, "nope"]) }
        // The database holds no token text.
        let database = try Data(contentsOf: daemon.directory.appendingPathComponent("data/ccrd.sqlite"))
        #expect(database.range(of: Data(token.utf8)) == nil)
        #expect(await daemon.stop() == 0)
    }
}
