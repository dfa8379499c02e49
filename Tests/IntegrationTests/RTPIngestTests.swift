import Foundation
import Testing

/// ccrd as a user runs it: a child process, real ffmpeg senders, the HTTP API on loopback.
///
/// Serialized: the streams run in real time and share two cores.
@Suite("RTP ingest end to end", .serialized)
struct RTPIngestTests {
    /// 0.5 × sine: RMS 0.354 → −9.03 dBFS.
    let toneLevel = 20 * log10(0.5 / 2.0.squareRoot())

    @Test func opusAndPCMUStreamsAreCountedDecodedAndLevelled() async throws {
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall([
            "callId": "tone-1", "agentId": "agent-7", "team": "sales",
            "legs": ["agent": ["codec": "opus"], "customer": ["codec": "pcmu"]],
        ])
        let agentPort = call.int("legs.agent.port")
        let customerPort = call.int("legs.customer.port")
        #expect(daemon.rtpRange.contains(agentPort) && agentPort % 2 == 0)
        #expect(daemon.rtpRange.contains(customerPort) && customerPort != agentPort)

        // Both directions at once, as a gateway sends them; PCMU in ffmpeg's odd-sized packets.
        async let opus = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 3, port: agentPort, bye: true))
        async let pcmu = Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 3, port: customerPort, bye: true))
        // The current level, read while the tone plays (after a second of it on both legs).
        var live = try await daemon.call("tone-1")
        for _ in 0..<100 {
            if live.double("legs.agent.decodedSeconds") >= 1, live.double("legs.customer.decodedSeconds") >= 1 { break }
            try await Task.sleep(for: .milliseconds(50))
            live = try await daemon.call("tone-1")
        }
        #expect(live.string("state") == "live")
        #expect(abs(live.double("legs.agent.levelDBFS") - toneLevel) <= 1.0)
        #expect(abs(live.double("legs.customer.levelDBFS") - toneLevel) <= 1.0)
        let (opusResult, pcmuResult) = try await (opus, pcmu)
        #expect(opusResult.status == 0, "\(opusResult.stderr)")
        #expect(pcmuResult.status == 0, "\(pcmuResult.stderr)")
        #expect(try await eventually { try await daemon.call("tone-1").string("state") == "ended" })

        let state = try await daemon.call("tone-1")
        // RTCP BYE on both legs ended the call.
        #expect(state.string("state") == "ended")
        #expect(state.string("endReason") == "bye")
        #expect(state.string("agentId") == "agent-7")

        #expect((150...152).contains(state.int("legs.agent.packets")))
        #expect(state.int("legs.agent.lost") == 0)
        #expect(state.int("legs.agent.duplicates") == 0)
        #expect(state.int("legs.agent.payloadType") == 97)
        #expect(abs(state.double("legs.agent.decodedSeconds") - 3.0) <= 0.1)
        #expect(state.double("legs.agent.mos") > 4)
        // The call's analysis ran on the decoded frames: about 3 s of media time, a final score.
        #expect(abs(state.double("analysis.mediaSeconds") - 3.0) <= 0.2)
        #expect(state.double("analysis.summary.finalScore.score") >= 0)

        // Not 20 ms packets: each is re-framed into 20 ms frames on media time.
        #expect(state.int("legs.customer.packets") > 100)
        let payloadPerPacket = state.int("legs.customer.bytes") / state.int("legs.customer.packets") - 12
        #expect(payloadPerPacket != 160, "ffmpeg sent 20 ms packets; the re-framing case is not exercised")
        #expect(state.int("legs.customer.lost") == 0)
        #expect(state.int("legs.customer.payloadType") == 0)
        #expect(abs(state.double("legs.customer.decodedSeconds") - 3.0) <= 0.1)
        #expect(state.int("legs.customer.malformed") == 0)
        #expect(await daemon.stop() == 0)
    }

    @Test func dropsReordersDuplicatesAndLatePacketsAreCountedAndConcealed() async throws {
        // Record a real ffmpeg Opus stream, then replay it impaired: the "pre-recorded packet list".
        let recorder = try UDPSocket()
        let recorderPort = recorder.port
        async let recording = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 3, port: recorderPort, realTime: false))
        var packets: [[UInt8]] = []
        while let datagram = recorder.receive(timeout: .seconds(packets.isEmpty ? 20 : 3)) {
            if datagram.count > 12, datagram[1] & 0x7F == 97 { packets.append(datagram) }
            if packets.count >= 150 { break }
        }
        _ = try await recording
        try #require(packets.count >= 150, "recorded \(packets.count) packets")
        // Rewrite numbering so sequence numbers and timestamps both wrap mid-call.
        let firstTimestamp = UInt32(packets[0][4]) << 24 | UInt32(packets[0][5]) << 16 | UInt32(packets[0][6]) << 8
            | UInt32(packets[0][7])
        for index in packets.indices {
            let sequence = UInt16(65_500) &+ UInt16(index)
            let original = UInt32(packets[index][4]) << 24 | UInt32(packets[index][5]) << 16
                | UInt32(packets[index][6]) << 8 | UInt32(packets[index][7])
            let timestamp = (UInt32.max - 960 * 60) &+ (original &- firstTimestamp)
            packets[index][2] = UInt8(sequence >> 8)
            packets[index][3] = UInt8(sequence & 0xFF)
            for byte in 0..<4 { packets[index][4 + byte] = UInt8((timestamp >> (24 - 8 * UInt32(byte))) & 0xFF) }
        }

        // Packets go out faster than real time (3 s of audio in ~0.5 s): let the leg run that far
        // ahead of the clock, so this test is about the counters only.
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_RESYNC_THRESHOLD": "10s"])
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall(["callId": "impaired", "agentId": "a1", "legs": ["agent": ["codec": "opus"]]])
        let port = call.int("legs.agent.port")

        // Sent order: 10, 50, 51, 100 dropped; 21 before 20; 30 after 32; 40 twice; 70 after 75 (too late).
        var order = Array(packets.indices).filter { ![10, 50, 51, 100, 70].contains($0) }
        order.swapAt(order.firstIndex(of: 20)!, order.firstIndex(of: 21)!)
        order.remove(at: order.firstIndex(of: 30)!)
        order.insert(30, at: order.firstIndex(of: 32)! + 1)
        order.insert(40, at: order.firstIndex(of: 40)! + 1)
        order.insert(70, at: order.firstIndex(of: 75)! + 1)
        let sender = try UDPSocket()
        let stranger = try UDPSocket()
        for (position, index) in order.enumerated() {
            sender.send(packets[index], to: port)
            if position == 5 {
                // A foreign sender and some garbage must not disturb the call.
                for _ in 0..<10 { stranger.send(packets[index], to: port) }
                for garbage in [[0x00, 0x01], [0x80, 0x60, 0x00], Array(repeating: UInt8(0x40), count: 40)] {
                    sender.send(garbage, to: port)
                }
            }
            // Reordered neighbours go out back to back; otherwise pace gently.
            if ![19, 20, 21, 29, 31, 32, 39, 40].contains(index) { try await Task.sleep(for: .milliseconds(3)) }
        }
        let sent = packets.count
        // Every packet is in once the count reaches what was sent (5 dropped, 40 twice, 70 late but counted).
        #expect(try await eventually { try await daemon.call("impaired").int("legs.agent.packets") == sent - 5 + 1 + 1 })
        let state = try await daemon.call("impaired")
        #expect(state.int("legs.agent.packets") == sent - 5 + 1 + 1)  // 5 dropped, 40 twice, 70 late but counted
        #expect(state.int("legs.agent.lost") == 5)  // 4 never sent + 70, concealed before it came
        #expect(state.int("legs.agent.late") == 1)
        #expect(state.int("legs.agent.duplicates") == 1)
        #expect(state.int("legs.agent.reordered") == 2)
        #expect(state.int("legs.agent.foreignSource") == 10)
        #expect(state.int("legs.agent.malformed") == 3)
        #expect(abs(state.double("legs.agent.decodedSeconds") - Double(sent) * 0.02) <= 0.1)
        #expect(abs(state.double("legs.agent.concealedSeconds") - 0.1) <= 0.021)
        #expect(state.double("legs.agent.mos") < 4.4)
        #expect(await daemon.stop() == 0)
    }

    @Test func staticLineStartsACallPerSSRC() async throws {
        let agentPort = 39_000 + Int.random(in: 0..<200) * 4
        let daemon = try Daemon(environment: [
            "CCRD_AGENTS": "[{id: agent-static, team: support, agentPort: \(agentPort), customerPort: \(agentPort + 2), agentCodec: pcmu}]"
        ])
        try await daemon.waitUntilReady()
        #expect(try await daemon.liveCalls().isEmpty)

        try await Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 1, port: agentPort, packetSamples: 160))
        #expect(try await eventually { try await daemon.liveCalls().first?.int("legs.agent.packets") == 50 })
        let first = try await daemon.liveCalls()
        try #require(first.count == 1)
        #expect(first[0].string("agentId") == "agent-static")
        #expect(first[0].string("team") == "support")
        #expect(first[0][path: "isStatic"] as? Bool == true)
        #expect(first[0].int("legs.agent.packets") == 50)
        let firstId = try #require(first[0].string("callId"))

        // Packets with a new SSRC from another host (127.0.0.2) do not end the agent's call:
        // they are dropped as foreign.
        let intruder = try UDPSocket(host: "127.0.0.2")
        for n in 0..<20 {
            var packet: [UInt8] = [0x80, 0x00, 0x00, UInt8(n), 0, 0, 0x10, 0, 0xBA, 0xD0, 0xBA, 0xD0]
            packet += [UInt8](repeating: 0xFF, count: 160)
            intruder.send(packet, to: agentPort)
        }
        // The signal that every intruding packet was handled: the call counted it.
        #expect(try await eventually { try await daemon.call(firstId).int("legs.agent.foreignSource") == 20 })
        let stillFirst = try await daemon.liveCalls()
        try #require(stillFirst.count == 1)
        #expect(stillFirst[0].string("callId") == firstId)
        #expect(stillFirst[0].int("legs.agent.foreignSource") == 20)

        // A new stream (new SSRC) on the same port is the next call.
        try await Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 1, port: agentPort, packetSamples: 160))
        #expect(try await eventually {
            let live = try await daemon.liveCalls()
            return live.count == 1 && live[0].string("callId") != firstId && live[0].int("legs.agent.packets") == 50
        })
        let second = try await daemon.liveCalls()
        try #require(second.count == 1)
        #expect(second[0].string("callId") != firstId)
        let ended = try await daemon.call(firstId)
        #expect(ended.string("state") == "ended")
        #expect(ended.string("endReason") == "newStream")
        #expect(abs(ended.double("legs.agent.decodedSeconds") - 1.0) <= 0.1)
        #expect(await daemon.stop() == 0)
    }

    @Test func idleCallsEndAndTheAPICanEndACall() async throws {
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_IDLE_TIMEOUT": "1s"])
        try await daemon.waitUntilReady()
        _ = try await daemon.startCall(["callId": "quiet", "agentId": "a1", "legs": ["customer": ["codec": "pcma"]]])
        _ = try await daemon.startCall(["callId": "hangup", "agentId": "a2", "legs": ["agent": ["codec": "opus"]]])
        let (status, ended) = try await daemon.request("POST", "/v1/calls/hangup/end")
        #expect(status == 200)
        #expect(ended.string("endReason") == "api")
        #expect(try await eventually { try await daemon.call("quiet").string("state") == "ended" })
        let quiet = try await daemon.call("quiet")
        #expect(quiet.string("state") == "ended")
        #expect(quiet.string("endReason") == "idle")
        #expect(try await daemon.liveCalls().isEmpty)
        let (missing, body) = try await daemon.request("POST", "/v1/calls/nope/end")
        #expect(missing == 404)
        #expect(body.string("error.code") == "not_found")
        #expect(await daemon.stop() == 0)
    }

    @Test func shutdownEndsLiveCallsAndExitsCleanly() async throws {
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall(["callId": "live", "agentId": "a1", "legs": ["agent": ["codec": "opus"]]])
        async let stream = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: call.int("legs.agent.port")))
        try await Task.sleep(for: .milliseconds(800))
        #expect(await daemon.stop() == 0)
        _ = try await stream
        #expect(daemon.log.contains("ccrd stopped"))
        #expect(daemon.log.contains("call.endReason=shutdown"))
    }

    @Test func badConfigurationStopsWithTheKeyNamed() async throws {
        for (variable, value, fragment) in [
            ("CCRD_HTTP_PORT", "eighty", "http.port = 'eighty'"),
            ("CCRD_INGEST_RTP_PORT_RANGE", "5000-10", "ingest.rtp.portRange"),
            ("CCRD_INGEST_RTP_IDLE_TIMEOUT", "soon", "ingest.rtp.idleTimeout"),
            ("CCRD_HTTP_PROT", "1", "CCRD_HTTP_PROT names no configuration key"),
        ] {
            let daemon = try Daemon(environment: [variable: value])
            daemon.process.waitUntilExit()
            #expect(daemon.process.terminationStatus == 78)
            #expect(daemon.log.contains(fragment), "\(daemon.log)")
        }
    }
}

/// Gateways that stop sending during silence (no comfort noise): dead air is still measured live.
@Suite("Silence on the wire", .serialized)
struct SilenceOnTheWireTests {
    @Test func deadAirAlertFiresWhileBothLegsSendNothing() async throws {
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_IDLE_TIMEOUT": "60s"])
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall([
            "callId": "dtx", "agentId": "a1", "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
        ])
        // Two seconds of audio on both legs, then the senders go quiet (no BYE).
        let agentPort = call.int("legs.agent.port")
        let customerPort = call.int("legs.customer.port")
        async let agent = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: agentPort, syllables: true))
        async let customer = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: customerPort))
        _ = try await (agent, customer)
        let quietSince = ContinuousClock.now
        var alert: [String: Any]?
        while alert == nil, ContinuousClock.now - quietSince < .seconds(15) {
            try await Task.sleep(for: .milliseconds(100))
            let state = try await daemon.call("dtx")
            alert = (state[path: "analysis.alerts"] as? [[String: Any]])?.first { $0.string("rule") == "dead-air" }
        }
        let waited = ContinuousClock.now - quietSince
        let raised = try #require(alert, "no dead-air alert while the line was quiet")
        // The agent "spoke" for 2 s (the customer's steady tone is not speech): dead air from
        // 2 s fires at 12 s of media time, while no packet was arriving, within about a
        // second of wall-clock time of it being due.
        #expect(abs(raised.double("raisedAt") - 12.0) <= 0.15)
        #expect(waited < .seconds(11))
        let state = try await daemon.call("dtx")
        #expect(state.string("state") == "live")
        #expect(await daemon.stop() == 0)
    }
}
