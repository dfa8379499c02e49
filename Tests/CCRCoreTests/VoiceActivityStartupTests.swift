import Foundation
import TestSupport
import Testing

@testable import CCRCore

/// The detector's start-up: a leg's first two seconds are decided again once the noise floor
/// has heard them, so that noise on the line from the first frame is not taken for speech, and
/// what it decides reaches the conversation and the utterances in order.
@Suite("Voice activity start-up")
struct VoiceActivityStartupTests {
    /// Frame levels: babble-like noise for `noiseFrames` (around -33 dBFS, swinging by up to
    /// 10 dB, and quieter for its first frames as a room often is), then a talker 12 dB over it
    /// in syllables.
    static func babbleThenTalker(noiseFrames: Int = 75, total: Int = 200, quietFirst: Bool = true) -> [Double] {
        var generator = SeededGenerator(seed: 0x0bab_b1e0)
        return (0..<total).map { frame in
            if frame < noiseFrames {
                let ramp = quietFirst && frame < 6 ? -10.0 : 0
                return -33 + ramp + Double.random(in: -5...5, using: &generator)
            }
            let syllable = abs(sin(Double.pi * 4 * Double(frame - noiseFrames) / 50))
            return -40 + 19 * syllable + Double.random(in: -1...1, using: &generator)
        }
    }

    /// Runs levels through a detector; returns each transition with the frame it was reported at.
    static func run(_ levels: [Double], startupFrames: Int) -> [(reported: Int, transition: VoiceActivityDetector.Transition)] {
        var settings = VoiceActivityDetector.Settings()
        settings.startupFrames = startupFrames
        var detector = VoiceActivityDetector(settings: settings)
        var changes: [(Int, VoiceActivityDetector.Transition)] = []
        for (index, level) in levels.enumerated() {
            let transition = detector.process(level: level, index: Int64(index))
            changes += detector.replayed.map { (index, $0) }
            if let transition { changes.append((index, transition)) }
        }
        let last = detector.finish()
        changes += detector.replayed.map { (levels.count, $0) }
        if let last { changes.append((levels.count, last)) }
        return changes
    }

    @Test func noiseFromTheFirstFrameIsNotTakenForSpeech() {
        let levels = Self.babbleThenTalker()
        // Deciding each frame as it comes (a quiet line assumed at first), the noise starts a segment.
        let eager = Self.run(levels, startupFrames: 0)
        guard case .started(let early)? = eager.first?.transition else {
            Issue.record("no segment at all: \(eager)")
            return
        }
        #expect(early < 10, "deciding at once takes the noise for speech from frame \(early)")

        // With the start-up: nothing is reported before frame 99, the first segment is the talker's.
        let decided = Self.run(levels, startupFrames: 100)
        #expect(decided.allSatisfy { $0.reported >= 99 }, "\(decided)")
        guard case .started(let start)? = decided.first?.transition else {
            Issue.record("the talker was not heard: \(decided)")
            return
        }
        // Its first frames rise from under the noise: heard once over it.
        #expect(start >= 75 && start <= 80, "the talker starts at frame 75, found \(start): \(decided)")
        #expect(decided.first?.reported == 99, "reported when the start-up ends")

        // The same babble at its full level from the first frame.
        let steady = Self.run(Self.babbleThenTalker(quietFirst: false), startupFrames: 100)
        if case .started(let at)? = steady.first?.transition {
            #expect(at >= 75, "steady babble from the first frame taken for speech at \(at): \(steady)")
        } else {
            Issue.record("the talker was not heard: \(steady)")
        }
    }

    @Test func aLegShorterThanItsStartUpIsDecidedWhenItEnds() {
        // 0.2 s of quiet, 0.6 s of syllables, quiet again: 40 frames in all.
        var generator = SeededGenerator(seed: 7)
        let levels = (0..<40).map { frame -> Double in
            guard frame >= 10 && frame < 40 else { return -70 + Double.random(in: -1...1, using: &generator) }
            return -40 + 20 * abs(sin(Double.pi * 4 * Double(frame - 10) / 50))
        }
        let changes = Self.run(levels, startupFrames: 100)
        #expect(changes.count == 2, "\(changes)")
        #expect(changes.allSatisfy { $0.reported == 40 })
        if case .started(let at)? = changes.first?.transition { #expect(abs(at - 10) <= 2, "started at \(at)") } else {
            Issue.record("no start: \(changes)")
        }
        if case .ended(let at)? = changes.last?.transition { #expect(at == 40) } else { Issue.record("no end: \(changes)") }
    }

    @Test func theConversationGetsTheStartUpInOrderAcrossLegs() throws {
        // Both legs speak inside their start-up: a greeting, then the answer after it.
        let call = SyntheticCall(
            parts: [
                .init(leg: .agent, start: 0.2, end: 1.0), .init(leg: .customer, start: 1.3, end: 1.8),
                .init(leg: .agent, start: 2.5, end: 4.0),
            ], seconds: 6)
        let (_, events) = call.analyse()
        let summary = try #require(events.summary)
        #expect(summary.interruptions.isEmpty)
        #expect(summary.overtalkSpans.isEmpty)
        let agent = try #require(summary.legs.first { $0.leg == .agent }).segments
        let customer = try #require(summary.legs.first { $0.leg == .customer }).segments
        #expect(agent.count == 2 && customer.count == 1, "agent \(agent), customer \(customer)")
        #expect(abs((agent.first?.start ?? 0) - 0.2) <= 0.06)
        #expect(abs((customer.first?.start ?? 0) - 1.3) <= 0.06)
        #expect(summary.responseLatencies.count == 1)
        #expect(abs((summary.responseLatencies.first ?? 0) - 0.7) <= 0.1, "\(summary.responseLatencies)")
        // A call that ends inside the start-up still has its speech.
        let short = SyntheticCall(parts: [.init(leg: .agent, start: 0.3, end: 1.1)], seconds: 1.5)
        let shortSummary = try #require(short.analyse().1.summary)
        let spoken = try #require(shortSummary.legs.first { $0.leg == .agent }).segments
        #expect(spoken.count == 1 && abs((spoken.first?.start ?? 0) - 0.3) <= 0.06, "\(spoken)")
        #expect(abs(shortSummary.metrics.agentTalkSeconds - 0.8) <= 0.1)
    }

    @Test func anUtteranceSaidInTheStartUpIsCutWithItsFirstWords() {
        var settings = AnalysisSettings()
        settings.utterances = UtteranceSettings()
        let call = SyntheticCall(parts: [.init(leg: .agent, start: 0.4, end: 1.4), .init(leg: .agent, start: 3, end: 4)], seconds: 5)
        let cut = call.analyse(settings: settings, legs: [.agent]).1.compactMap {
            if case .utterance(let utterance) = $0 { utterance } else { nil }
        }
        #expect(cut.count == 2, "\(cut.map { ($0.start, $0.end) })")
        #expect(abs((cut.first?.start ?? 0) - 0.2) <= 0.1, "the first utterance starts \(cut.first?.start ?? -1)")
        #expect((cut.first?.end ?? 0) >= 1.4)
    }
}
