import Testing

@testable import CCRCore

/// Utterances for transcription, cut from a call's own voice activity: one per stretch of
/// speech with a margin around it, long speech cut at the cap, nothing cut unless asked.
@Suite("Utterance cutting")
struct UtteranceCutterTests {
    static func utterances(_ events: [CallEvent]) -> [Utterance] {
        events.compactMap { if case .utterance(let utterance) = $0 { utterance } else { nil } }
    }

    static var settings: AnalysisSettings {
        var settings = AnalysisSettings()
        settings.utterances = UtteranceSettings()
        return settings
    }

    @Test func eachStretchOfSpeechIsOneUtteranceWithItsMargin() {
        let call = SyntheticCall(
            parts: [
                .init(leg: .agent, start: 1.0, end: 3.5), .init(leg: .customer, start: 4.2, end: 6.0),
                .init(leg: .agent, start: 7.0, end: 8.2),
            ], seconds: 10)
        let cut = Self.utterances(call.analyse(settings: Self.settings).1)
        let agent = cut.filter { $0.leg == .agent }
        let customer = cut.filter { $0.leg == .customer }
        #expect(agent.count == 2 && customer.count == 1, "\(cut.map { ($0.leg, $0.start, $0.end) })")
        for (utterance, (start, end)) in zip(agent + customer, [(1.0, 3.5), (7.0, 8.2), (4.2, 6.0)]) {
            // 0.2 s before the speech, and at most the margin after it (the detector ends a segment
            // on its quiet frames, which the margin then covers).
            #expect(abs(utterance.start - (start - 0.2)) <= 0.1, "\(utterance.start) for speech at \(start)")
            #expect(utterance.end >= end && utterance.end <= end + 0.5, "\(utterance.end) for speech ending \(end)")
            #expect(utterance.samples.count % Frame.sampleCount == 0)
            #expect(utterance.callId == "c" && utterance.agentId == "a")
        }
        #expect(agent.map(\.number) == [0, 1] && customer.map(\.number) == [0])
        // The audio is the leg's own, at its place.
        let samples = call.samples(.agent)
        let first = agent[0]
        let offset = Int((first.start * 16_000).rounded())
        #expect(Array(samples[offset..<(offset + 320)]) == Array(first.samples[0..<320]))
    }

    @Test func longSpeechIsCutAtTheCapAndGoesOn() {
        let call = SyntheticCall(parts: [.init(leg: .agent, start: 0.5, end: 23.0)], seconds: 25)
        let cut = Self.utterances(call.analyse(settings: Self.settings, legs: [.agent]).1)
        #expect(cut.count == 3, "\(cut.map { ($0.start, $0.duration) })")
        for utterance in cut { #expect(utterance.duration <= 9.5 + 0.001) }
        // Contiguous: each picks up where the last was cut, and together they cover the speech.
        for (a, b) in zip(cut, cut.dropFirst()) { #expect(abs(a.end - b.start) < 0.001) }
        #expect(cut.first!.start <= 0.5 && cut.last!.end >= 23.0)
    }

    @Test func nothingIsCutUnlessTranscriptionAsks() {
        let call = SyntheticCall(parts: [.init(leg: .agent, start: 1.0, end: 3.5)], seconds: 5)
        #expect(Self.utterances(call.analyse().1).isEmpty)
        // And the analysis itself is the same either way.
        let plain = call.analyse().1.filter { if case .utterance = $0 { false } else { true } }
        let cutting = call.analyse(settings: Self.settings).1.filter { if case .utterance = $0 { false } else { true } }
        #expect(plain.count == cutting.count)
    }

    @Test func aClickIsNoUtterance() {
        let call = SyntheticCall(parts: [.init(leg: .agent, start: 1.0, end: 1.15, amplitude: 0.2)], seconds: 3)
        #expect(Self.utterances(call.analyse(settings: Self.settings, legs: [.agent]).1).isEmpty)
    }
}
