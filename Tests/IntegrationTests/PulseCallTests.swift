import CCRCore
import CCRMedia
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import Testing

/// A call captured from PulseAudio through the switchboard, like an RTP call: a real headless
/// `pulseaudio`, the agent's speech played into the sink standing for the headset microphone,
/// 4 s of silence, the customer's speech into the sink the agent hears. The call's analysis
/// finds both legs' talk time and the dead air between them.
@Suite("PulseAudio calls", .serialized)
struct PulseCallTests {
    static func speech(_ text: String, voice: String) throws -> (url: URL, seconds: Double) {
        let wav = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-pulse-\(UUID().uuidString.prefix(8)).wav")
        let made = try Command.capture(["espeak-ng", "-v", voice, "-w", wav.path, text])
        try #require(made.status == 0, "espeak-ng: \(made.errors)")
        let size = (try FileManager.default.attributesOfItem(atPath: wav.path)[.size] as? Int) ?? 0
        return (wav, Double(size - 44) / 2 / 22_050)  // espeak-ng writes 22,050 Hz mono s16
    }

    @Test func bothLegsAndTheDeadAirBetweenThemAreFound() async throws {
        let server = try await PulseAudioServer(sinks: ["agent5_mic", "agent5_spk"])
        defer { server.stop() }
        let agent = try Self.speech("Good morning, you are speaking with Claire from customer care. How can I help you?", voice: "en-us")
        let customer = try Self.speech("Hello, I am calling about my last invoice, it looks wrong to me.", voice: "en+m3")
        defer { for wav in [agent.url, customer.url] { try? FileManager.default.removeItem(at: wav) } }

        let events = NIOLockedValueBox<[CallEvent]>([])
        var settings = IngestSettings()
        settings.idleTimeout = .seconds(60)
        let switchboard = Switchboard(
            settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"),
            events: { event in events.withLockedValue { $0.append(event) } })
        let line = PulseLine(agentId: "agent-5", server: server.unixAddress, agentSource: "agent5_mic.monitor", customerSource: "agent5_spk.monitor")
        let started = try await switchboard.startPulseCall(
            CallRequest(callId: "pulse-1", agentId: "agent-5", team: "blue", legs: [:], source: nil), line: line)
        #expect(started.state == .live)
        // A line that names a source the server lacks is refused with the ones it has.
        var wrong = line
        wrong.customerSource = "alsa_output.headset.monitor"
        await #expect {
            _ = try await switchboard.startPulseCall(CallRequest(callId: "pulse-2", agentId: "agent-5", team: nil, legs: [:], source: nil), line: wrong)
        } throws: { error in
            "\(error)".contains("alsa_output.headset.monitor") && "\(error)".contains("agent5_spk.monitor")
        }

        try await Task.sleep(for: .milliseconds(500))
        try await server.play(agent.url, into: "agent5_mic")
        try await Task.sleep(for: .seconds(4))
        try await server.play(customer.url, into: "agent5_spk")
        try await Task.sleep(for: .milliseconds(800))
        let ended = try #require(await switchboard.endCall("pulse-1"))
        let summary = try #require(ended.analysis?.summary, "no summary")
        let talk = Dictionary(uniqueKeysWithValues: summary.legs.map { ($0.leg, $0.talkSeconds) })
        print("agent speech \(agent.seconds) s, talk \(talk[.agent] ?? -1) s; customer speech \(customer.seconds) s, talk \(talk[.customer] ?? -1) s; media \(summary.mediaSeconds) s; dead air \(summary.deadAirSpans.map { ($0.start, $0.length) })")
        #expect((agent.seconds * 0.6...agent.seconds * 1.1).contains(talk[.agent] ?? 0))
        #expect((customer.seconds * 0.6...customer.seconds * 1.1).contains(talk[.customer] ?? 0))
        // The 4 s of silence between them (the agent's last word to the customer's first).
        #expect(summary.deadAirSpans.contains { $0.length >= 3.5 && $0.length <= 5.5 }, "\(summary.deadAirSpans)")
        // Media time is the sample count (the last partial frame padded), not the wall clock.
        let captured = max(ended.captures[.agent]?.capturedSeconds ?? 0, ended.captures[.customer]?.capturedSeconds ?? 0)
        #expect(summary.mediaSeconds >= captured - 0.05 && summary.mediaSeconds <= captured + 0.1, "media \(summary.mediaSeconds) s, captured \(captured) s")
        #expect(summary.mediaSeconds <= ended.durationSeconds + 0.5, "media \(summary.mediaSeconds) s in a call of \(ended.durationSeconds) s")
        #expect(events.withLockedValue { $0 }.contains { if case .callClosed = $0 { true } else { false } })
    }
}

extension PulseCallTests {
    /// The server killed mid-call and started again on the same socket: the call goes on, each
    /// leg's stream is opened again, the time between is counted as a gap, and speech after the
    /// restart is heard.
    @Test func aServerRestartMidCallIsBridgedAndTheGapCounted() async throws {
        let server = try await PulseAudioServer(sinks: ["agent8_mic", "agent8_spk"])
        defer { server.stop() }
        let customer = try Self.speech("I am still here, can you hear me now?", voice: "en+m3")
        defer { try? FileManager.default.removeItem(at: customer.url) }
        var settings = IngestSettings()
        settings.idleTimeout = .seconds(2)  // shorter than the outage: a reconnecting leg keeps the call
        let switchboard = Switchboard(settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        let line = PulseLine(agentId: "agent-8", server: server.unixAddress, agentSource: "agent8_mic.monitor", customerSource: "agent8_spk.monitor")
        _ = try await switchboard.startPulseCall(CallRequest(callId: "pulse-8", agentId: "agent-8", team: nil, legs: [:], source: nil), line: line)
        try await Task.sleep(for: .seconds(1))
        let killed = ContinuousClock.now
        server.stop()
        try await Task.sleep(for: .seconds(1))
        #expect(await switchboard.call("pulse-8")?.captures[.agent]?.recording == false)
        try await server.start()  // same socket, same sinks (and 2.5 s of warm-up)
        var resumed = false
        for _ in 0..<100 where !resumed {
            try await Task.sleep(for: .milliseconds(100))
            let captures = await switchboard.call("pulse-8")?.captures ?? [:]
            resumed = captures[.agent]?.recording == true && captures[.customer]?.recording == true
        }
        #expect(resumed, "the streams were not opened again")
        let down = ContinuousClock.now - killed
        try await server.play(customer.url, into: "agent8_spk")
        try await Task.sleep(for: .milliseconds(500))
        let ended = try #require(await switchboard.endCall("pulse-8"))
        #expect(ended.endReason == .api, "the call ended \(ended.endReason.map { "\($0)" } ?? "-") during the outage")
        let agentCapture = try #require(ended.captures[.agent])
        let customerCapture = try #require(ended.captures[.customer])
        let talk = ended.analysis?.summary?.legs.first { $0.leg == .customer }?.talkSeconds ?? 0
        print("server down \(down); gaps agent \(agentCapture.gaps) (\(agentCapture.gapSeconds) s), customer \(customerCapture.gaps) (\(customerCapture.gapSeconds) s); customer talk \(talk) s of \(customer.seconds) s")
        #expect(agentCapture.gaps == 1 && customerCapture.gaps == 1)
        // The gap is the time without a stream: from the kill to the first block of the new one.
        let downSeconds = Double(down.components.seconds) + Double(down.components.attoseconds) / 1e18
        #expect(agentCapture.gapSeconds > 1 && agentCapture.gapSeconds < downSeconds + 1, "\(agentCapture.gapSeconds) s against \(downSeconds) s")
        #expect(talk > customer.seconds * 0.6, "customer talk \(talk) s after the restart")
        // Media time is what was captured plus the gap: the conversation's clock ran on across it.
        let media = ended.analysis?.summary?.mediaSeconds ?? 0
        let expected = agentCapture.capturedSeconds + agentCapture.gapSeconds
        #expect(abs(media - expected) < 0.2, "media \(media) s, captured + gap \(expected) s")
    }
}

/// The same through the real binary: an `agents[].pulse` line in the configuration, a call
/// started with `source: "pulse"` and ended through the API, the stored call's legs.
@Suite("PulseAudio calls through the API", .serialized)
struct PulseCallAPITests {
    @Test func aPulseCallStartedThroughTheAPIIsStoredWithBothLegs() async throws {
        let server = try await PulseAudioServer(sinks: ["agent6_mic", "agent6_spk"])
        defer { server.stop() }
        // A second workstation, reached over TCP, with an agent on a call at the same time.
        let other = try await PulseAudioServer(sinks: ["agent16_mic", "agent16_spk"], tcp: true)
        defer { other.stop() }
        let otherAddress = try #require(other.tcpAddress)
        let agent = try PulseCallTests.speech("Thank you for calling, my name is Paul. What can I do for you?", voice: "en-us")
        let customer = try PulseCallTests.speech("I would like to change the address on my contract, please.", voice: "en+m3")
        defer { for wav in [agent.url, customer.url] { try? FileManager.default.removeItem(at: wav) } }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-pulse-\(UUID().uuidString.prefix(8)).yaml")
        try """
            agents:
              - id: agent-6
                team: blue
                pulse: {server: "\(server.unixAddress)", agentSource: agent6_mic.monitor, customerSource: agent6_spk.monitor}
              - id: agent-7
                pulse: {server: "unix:/nonexistent/pulse/native", agentSource: mic, customerSource: speaker.monitor}
              - id: agent-16
                team: blue
                pulse: {server: "\(otherAddress)", agentSource: agent16_mic.monitor, customerSource: agent16_spk.monitor}
            """.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_IDLE_TIMEOUT": "60s"], configPath: config.path)
        try await daemon.waitUntilReady()
        // agent-7's workstation is off: a warning at start, not a refusal.
        #expect(daemon.log.contains("a PulseAudio server of agents[].pulse does not answer"))

        // An agent without a line, and a line whose server is not there: clear refusals.
        let (noLine, noLineBody) = try await daemon.request("POST", "/v1/calls", json: ["callId": "pc-0", "agentId": "agent-9", "source": "pulse"])
        #expect(noLine == 400 && "\(noLineBody)".contains("agents[].pulse"), "\(noLine) \(noLineBody)")
        let (noServer, noServerBody) = try await daemon.request("POST", "/v1/calls", json: ["callId": "pc-00", "agentId": "agent-7", "source": "pulse"])
        #expect(noServer == 502 && "\(noServerBody)".contains("unix:/nonexistent/pulse/native"), "\(noServer) \(noServerBody)")

        let started = try await daemon.startCall(["callId": "pc-1", "agentId": "agent-6", "team": "blue", "source": "pulse"])
        #expect(started["state"] as? String == "live", "\(started)")
        let startedOther = try await daemon.startCall(["callId": "pc-16", "agentId": "agent-16", "source": "pulse"])
        #expect(startedOther["state"] as? String == "live", "\(startedOther)")
        try await Task.sleep(for: .milliseconds(500))
        // While agent-6 speaks on the first server, agent-16's customer speaks on the second.
        async let otherCustomer: Void = other.play(customer.url, into: "agent16_spk")
        try await server.play(agent.url, into: "agent6_mic")
        try await otherCustomer
        // The live call shows where it records from and what it received.
        let live = try await daemon.call("pc-1")
        #expect(live.string("source") == "pulse")
        let capture = try #require((live["capture"] as? [String: Any])?["agent"] as? [String: Any], "\(live)")
        #expect(capture["source"] as? String == "agent6_mic.monitor" && capture["server"] as? String == server.unixAddress)
        #expect(((capture["capturedSeconds"] as? NSNumber)?.doubleValue ?? 0) > agent.seconds)
        #expect(capture["recording"] as? Bool == true && capture["holeSeconds"] as? NSNumber == 0)
        try await Task.sleep(for: .seconds(3))
        try await server.play(customer.url, into: "agent6_spk")
        try await Task.sleep(for: .milliseconds(800))
        #expect(try await daemon.request("POST", "/v1/calls/pc-1/end").0 == 200)
        #expect(try await daemon.request("POST", "/v1/calls/pc-16/end").0 == 200)
        var stored: [String: Any] = [:]
        #expect(try await eventually {
            stored = try await daemon.storedCall("pc-1")
            return (stored["call"] as? [String: Any])?["state"] as? String == "ended"
        })
        let call = stored["call"] as? [String: Any] ?? [:]
        let metrics = (call["summary"] as? [String: Any])?["metrics"] as? [String: Any] ?? [:]
        let legs = ["agent": (metrics["agentTalkSeconds"] as? NSNumber)?.doubleValue, "customer": (metrics["customerTalkSeconds"] as? NSNumber)?.doubleValue]
        print("stored pulse call: talk \(legs), agent speech \(agent.seconds) s, customer \(customer.seconds) s, team \(call["team"] ?? "-")")
        #expect(call["team"] as? String == "blue")  // the line's team
        #expect((agent.seconds * 0.6...agent.seconds * 1.1).contains(legs["agent"].flatMap { $0 } ?? 0), "\(legs)")
        #expect((customer.seconds * 0.6...customer.seconds * 1.1).contains(legs["customer"].flatMap { $0 } ?? 0), "\(legs)")
        // The other workstation's call heard only its own customer.
        var storedOther: [String: Any] = [:]
        #expect(try await eventually {
            storedOther = try await daemon.storedCall("pc-16")
            return (storedOther["call"] as? [String: Any])?["state"] as? String == "ended"
        })
        let otherMetrics = ((storedOther["call"] as? [String: Any])?["summary"] as? [String: Any])?["metrics"] as? [String: Any] ?? [:]
        let otherCustomerTalk = (otherMetrics["customerTalkSeconds"] as? NSNumber)?.doubleValue ?? 0
        let otherAgentTalk = (otherMetrics["agentTalkSeconds"] as? NSNumber)?.doubleValue ?? -1
        print("second server (\(otherAddress)): customer talk \(otherCustomerTalk) s, agent \(otherAgentTalk) s")
        #expect((customer.seconds * 0.6...customer.seconds * 1.1).contains(otherCustomerTalk))
        #expect(otherAgentTalk >= 0 && otherAgentTalk < 0.3)
        #expect(await daemon.stop() == 0)
    }

    /// A source the server does not have is a configuration mistake: ccrd does not start, and a
    /// reload that brings one in is refused, both naming the source and the ones there are.
    @Test func aMissingSourceStopsTheStartAndIsRefusedOnReload() async throws {
        let server = try await PulseAudioServer(sinks: ["agent9_mic", "agent9_spk"])
        defer { server.stop() }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-pulse-\(UUID().uuidString.prefix(8)).yaml")
        defer { try? FileManager.default.removeItem(at: config) }
        func write(customerSource: String) throws {
            try """
                agents:
                  - id: agent-9
                    pulse: {server: "\(server.unixAddress)", agentSource: agent9_mic.monitor, customerSource: \(customerSource)}
                """.write(to: config, atomically: true, encoding: .utf8)
        }
        try write(customerSource: "agent9_speakers.monitor")
        let refused = try Daemon(configPath: config.path)
        await #expect {
            try await refused.waitUntilReady()
        } throws: { error in
            "\(error)".contains("no source 'agent9_speakers.monitor'") && "\(error)".contains("agent9_spk.monitor")
        }
        try write(customerSource: "agent9_spk.monitor")
        let daemon = try Daemon(configPath: config.path)
        try await daemon.waitUntilReady()
        try write(customerSource: "agent9_speakers.monitor")
        kill(daemon.process.processIdentifier, SIGHUP)
        #expect(try await eventually { daemon.log.contains("reload refused: a PulseAudio source of agents[].pulse does not exist") })
        #expect(daemon.log.contains("agent9_speakers.monitor"))
        // The running lines stay: a call still starts.
        let started = try await daemon.startCall(["callId": "pc-9", "agentId": "agent-9", "source": "pulse"])
        #expect(started["state"] as? String == "live")
        #expect(await daemon.stop() == 0)
    }
}
