import CCRCore
import CCRMedia
import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOPosix
import Testing

/// Automatic PulseAudio calls (`ingest.pulse.autoCalls`) against a real headless `pulseaudio`:
/// a line recorded all the time opens a call once both legs have spoken, the agent's greeting
/// included, and ends it on silence without the hang-up's silence; one leg alone starts
/// nothing; a call ended by hand does not start again while people still talk.
@Suite("Automatic PulseAudio calls", .serialized)
struct PulseStationTests {
    @Test func aCallStartsWhenBothLegsSpeakAndEndsOnSilence() async throws {
        let server = try await PulseAudioServer(sinks: ["agent9_mic", "agent9_spk"])
        defer { server.stop() }
        let agent = try PulseCallTests.speech("Good afternoon, this is Marc from the billing service. How may I help?", voice: "en-us")
        let customer = try PulseCallTests.speech("Hi Marc, my card was charged twice this month.", voice: "en+m3")
        defer { for wav in [agent.url, customer.url] { try? FileManager.default.removeItem(at: wav) } }

        let events = NIOLockedValueBox<[CallEvent]>([])
        var settings = IngestSettings()
        settings.pulseAutoCalls = true
        settings.pulseIdleTimeout = .seconds(3)
        settings.pulseLines = [
            PulseLine(agentId: "agent-9", team: "billing", server: server.unixAddress, agentSource: "agent9_mic.monitor", customerSource: "agent9_spk.monitor")
        ]
        let switchboard = Switchboard(
            settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"),
            events: { event in events.withLockedValue { $0.append(event) } })
        await switchboard.openPulseStations()
        defer { Task { await switchboard.closeAll() } }
        try await Task.sleep(for: .seconds(1))
        #expect(switchboard.liveCount == 0, "a call started on silence")

        // The agent answers: one leg alone is not a call yet.
        try await server.play(agent.url, into: "agent9_mic")
        #expect(switchboard.liveCount == 0, "a call started on one leg's speech")
        try await Task.sleep(for: .milliseconds(600))
        // The customer answers: now it is, from the agent's first word.
        try await server.play(customer.url, into: "agent9_spk")
        #expect(switchboard.liveCount == 1, "no call started when both legs had spoken")
        let idEnded = ContinuousClock.now
        // 3 s of silence on both legs ends it.
        var closed: CallRecord?
        for _ in 0..<80 where closed == nil {
            try await Task.sleep(for: .milliseconds(100))
            closed = events.withLockedValue { events in
                events.lazy.compactMap { if case .callClosed(let record) = $0 { record } else { nil } }.first
            }
        }
        let record = try #require(closed, "the call did not end on silence")
        let afterSpeech = ContinuousClock.now - idEnded
        #expect(record.endReason == "silence")
        #expect(record.isStatic && record.agentId == "agent-9" && record.team == "billing")
        let summary = try #require(record.summary)
        let talk = Dictionary(uniqueKeysWithValues: summary.legs.map { ($0.leg, $0.talkSeconds) })
        let spoken = agent.seconds + 0.6 + customer.seconds
        print(
            "automatic call: agent speech \(agent.seconds) s, talk \(talk[.agent] ?? -1) s; customer speech \(customer.seconds) s, talk \(talk[.customer] ?? -1) s; media \(summary.mediaSeconds) s for \(spoken) s spoken; ended \(afterSpeech) after the last word; dead air \(summary.deadAirSpans.map(\.length))"
        )
        // The greeting that came before the call opened is in it.
        #expect((agent.seconds * 0.6...agent.seconds * 1.1).contains(talk[.agent] ?? 0))
        #expect((customer.seconds * 0.6...customer.seconds * 1.1).contains(talk[.customer] ?? 0))
        // The silence that ended it is not part of it: no dead air, and media time is about what
        // was said (plus the preroll, the players' start and the detector's hang-over).
        #expect(summary.deadAirSpans.isEmpty, "\(summary.deadAirSpans)")
        #expect(summary.mediaSeconds > spoken * 0.9 && summary.mediaSeconds < spoken + 2.0, "media \(summary.mediaSeconds) s for \(spoken) s")
        let opened = events.withLockedValue { events in events.filter { if case .callOpened = $0 { true } else { false } }.count }
        #expect(opened == 1)

        // A second call, ended by hand while the customer still talks: it does not start again.
        try await server.play(agent.url, into: "agent9_mic")
        try await server.play(customer.url, into: "agent9_spk")
        let second = try #require(await switchboard.liveCalls().first, "the second call did not start")
        #expect(second.callId != record.callId)
        let ended = try #require(await switchboard.endCall(second.callId))
        #expect(ended.endReason == .api)
        try await server.play(agent.url, into: "agent9_mic")
        try await server.play(customer.url, into: "agent9_spk")
        #expect(switchboard.liveCount == 0, "a call ended by hand started again while people talked")
        // After the quiet, speech on both legs starts the next.
        try await Task.sleep(for: .seconds(3.5))
        try await server.play(customer.url, into: "agent9_spk")
        try await server.play(agent.url, into: "agent9_mic")
        #expect(switchboard.liveCount == 1, "no call after the quiet")
    }

    /// The server killed during an automatic call and started again: the line opens its streams
    /// again, the call goes on with the gap counted, and a short outage is not the call's end.
    @Test func aServerRestartDuringAnAutomaticCallIsBridged() async throws {
        let server = try await PulseAudioServer(sinks: ["agent10_mic", "agent10_spk"])
        defer { server.stop() }
        let agent = try PulseCallTests.speech("Hello, Sophie speaking, how can I help?", voice: "en-us")
        let customer = try PulseCallTests.speech("Yes, I am still waiting for my parcel.", voice: "en+m3")
        defer { for wav in [agent.url, customer.url] { try? FileManager.default.removeItem(at: wav) } }
        var settings = IngestSettings()
        settings.pulseAutoCalls = true
        settings.pulseIdleTimeout = .seconds(10)
        settings.pulseLines = [
            PulseLine(agentId: "agent-10", server: server.unixAddress, agentSource: "agent10_mic.monitor", customerSource: "agent10_spk.monitor")
        ]
        let switchboard = Switchboard(settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        await switchboard.openPulseStations()
        defer { Task { await switchboard.closeAll() } }
        try await Task.sleep(for: .seconds(0.5))
        try await server.play(agent.url, into: "agent10_mic")
        try await server.play(customer.url, into: "agent10_spk")
        let call = try #require(await switchboard.liveCalls().first, "no call started")
        server.stop()
        try await Task.sleep(for: .seconds(1))
        #expect(await switchboard.call(call.callId)?.captures[.agent]?.recording == false)
        try await server.start()
        var resumed = false
        for _ in 0..<60 where !resumed {
            try await Task.sleep(for: .milliseconds(100))
            let captures = await switchboard.call(call.callId)?.captures ?? [:]
            resumed = captures[.agent]?.recording == true && captures[.customer]?.recording == true
        }
        #expect(resumed, "the streams were not opened again")
        try await server.play(customer.url, into: "agent10_spk")
        let ended = try #require(await switchboard.endCall(call.callId))
        #expect(ended.endReason == .api, "the call ended \(ended.endReason.map { "\($0)" } ?? "-") across the outage")
        let agentCapture = try #require(ended.captures[.agent])
        let customerCapture = try #require(ended.captures[.customer])
        let talk = ended.analysis?.summary?.legs.first { $0.leg == .customer }?.talkSeconds ?? 0
        print("automatic call across a restart: gaps agent \(agentCapture.gaps) (\(agentCapture.gapSeconds) s), customer \(customerCapture.gaps) (\(customerCapture.gapSeconds) s); customer talk \(talk) s of 2 × \(customer.seconds) s")
        #expect(agentCapture.gaps == 1 && customerCapture.gaps == 1)
        #expect(agentCapture.gapSeconds > 1, "\(agentCapture.gapSeconds) s")
        #expect(talk > customer.seconds * 1.2, "customer talk \(talk) s: the speech after the restart is not in the call")
    }

    /// The same through the real binary, configured by `ingest.pulse.autoCalls`: the API refuses
    /// to start a call on the line, and the call that speech starts is stored, ended on silence.
    @Test func theDaemonStartsAndStoresAutomaticCalls() async throws {
        let server = try await PulseAudioServer(sinks: ["agent11_mic", "agent11_spk"])
        defer { server.stop() }
        let agent = try PulseCallTests.speech("Bonjour, Nadia à l'appareil, que puis-je faire pour vous ?", voice: "fr")
        let customer = try PulseCallTests.speech("Bonjour, je voudrais résilier mon abonnement.", voice: "fr+m3")
        defer { for wav in [agent.url, customer.url] { try? FileManager.default.removeItem(at: wav) } }
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-pulse-\(UUID().uuidString.prefix(8)).yaml")
        try """
            ingest:
              pulse:
                autoCalls: true
                idleTimeout: 2s
            agents:
              - id: agent-11
                team: retention
                pulse: {server: "\(server.unixAddress)", agentSource: agent11_mic.monitor, customerSource: agent11_spk.monitor}
            """.write(to: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: config) }
        let daemon = try Daemon(configPath: config.path)
        try await daemon.waitUntilReady()
        #expect(daemon.log.contains("PulseAudio line listening"))
        let (refused, refusal) = try await daemon.request("POST", "/v1/calls", json: ["callId": "pa-1", "agentId": "agent-11", "source": "pulse"])
        #expect(refused == 409 && (refusal["error"] as? [String: Any])?["code"] as? String == "automatic_line", "\(refused) \(refusal)")

        try await Task.sleep(for: .milliseconds(500))
        try await server.play(agent.url, into: "agent11_mic")
        try await server.play(customer.url, into: "agent11_spk")
        let live = try await daemon.liveCalls()
        #expect(live.count == 1 && live.first?["source"] as? String == "pulse", "\(live)")
        let callId = try #require(live.first?["callId"] as? String)
        var stored: [String: Any] = [:]
        #expect(try await eventually {
            stored = try await daemon.storedCall(callId)
            return (stored["call"] as? [String: Any])?["state"] as? String == "ended"
        })
        let call = stored["call"] as? [String: Any] ?? [:]
        let metrics = (call["summary"] as? [String: Any])?["metrics"] as? [String: Any] ?? [:]
        let agentTalk = (metrics["agentTalkSeconds"] as? NSNumber)?.doubleValue ?? 0
        let customerTalk = (metrics["customerTalkSeconds"] as? NSNumber)?.doubleValue ?? 0
        print("stored automatic call \(callId): end \(call["endReason"] ?? "-"), talk agent \(agentTalk) s of \(agent.seconds) s, customer \(customerTalk) s of \(customer.seconds) s")
        #expect(call["endReason"] as? String == "silence" && call["team"] as? String == "retention")
        #expect((agent.seconds * 0.6...agent.seconds * 1.1).contains(agentTalk))
        #expect((customer.seconds * 0.6...customer.seconds * 1.1).contains(customerTalk))
        #expect(await daemon.stop() == 0)
    }
}
