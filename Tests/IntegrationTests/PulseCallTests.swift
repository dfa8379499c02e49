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
        // Media time is the sample count: about the time the call lasted.
        let wall = ended.durationSeconds
        #expect(abs(summary.mediaSeconds - wall) < 1.0, "media \(summary.mediaSeconds) s against \(wall) s")
        #expect(events.withLockedValue { $0 }.contains { if case .callClosed = $0 { true } else { false } })
    }
}
