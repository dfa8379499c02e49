import Foundation
import TestSupport
import Testing

@testable import CCRCore

/// The signal pieces on their own, with inputs whose answer is known: before, they were reached
/// only through `CallAnalysis`.
@Suite("Signal pieces")
struct SignalPieceTests {
    /// Frames of a sum of harmonics of `f0` (a voiced sound), amplitude `amplitude`.
    static func voicedFrames(f0: Double, count: Int, amplitude: Double = 0.2) -> [Frame] {
        var phase = 0.0
        return (0..<count).map { index in
            var samples = [Float](repeating: 0, count: Frame.sampleCount)
            for sample in samples.indices {
                phase += 2 * Double.pi * f0 / Double(Frame.sampleRate)
                var value = 0.0
                for harmonic in 1...4 { value += sin(Double(harmonic) * phase) / Double(harmonic) }
                samples[sample] = Float(amplitude * value)
            }
            return Frame(leg: .agent, start: Int64(index * Frame.sampleCount), samples: samples)
        }
    }

    @Test(arguments: [90.0, 150.0, 220.0, 310.0])
    func pitchOfAVoicedSoundIsItsFundamental(f0: Double) throws {
        var estimator = PitchEstimator()
        var estimates: [Double] = []
        for frame in Self.voicedFrames(f0: f0, count: 10) {
            estimator.push(frame)
            if let pitch = estimator.estimate() { estimates.append(pitch) }
        }
        // From the second frame on, the 40 ms history is full of the sound.
        #expect(estimates.count >= 8)
        for pitch in estimates.dropFirst() { #expect(abs(pitch - f0) / f0 < 0.02, "\(pitch) Hz for \(f0) Hz") }
    }

    @Test func noiseAndSilenceHaveNoPitch() {
        var estimator = PitchEstimator()
        var generator = SeededGenerator(seed: 0x1234_5678)
        var voiced = 0
        for index in 0..<20 {
            let samples = (0..<Frame.sampleCount).map { _ in Float.random(in: -0.2...0.2, using: &generator) }
            estimator.push(Frame(leg: .agent, start: Int64(index * Frame.sampleCount), samples: samples))
            if estimator.estimate() != nil { voiced += 1 }
        }
        #expect(voiced <= 2, "\(voiced) of 20 noise frames had a pitch")
        var quiet = PitchEstimator()
        quiet.push(Frame(leg: .agent, start: 0, samples: [Float](repeating: 0, count: Frame.sampleCount)))
        #expect(quiet.estimate() == nil)
    }

    @Test func syllablesAreTheProminentPeaksOfTheEnvelopeDuringSpeech() {
        // Four syllables a second for 3 s: a level that rises 12 dB and falls back every 250 ms.
        func levels(_ rate: Double, seconds: Double) -> [Double] {
            (0..<Int(seconds * 50)).map { frame in -40 + 12 * abs(sin(Double.pi * rate * Double(frame) / 50)) }
        }
        var counter = SyllableCounter()
        for (index, level) in levels(4, seconds: 3).enumerated() { _ = counter.process(level: level, index: Int64(index), isSpeech: true) }
        #expect((11...12).contains(counter.nuclei), "\(counter.nuclei) nuclei in 3 s at 4/s")
        // The same envelope outside speech counts nothing; a shallow ripple (2 dB from trough to peak) counts nothing.
        var silent = SyllableCounter()
        for (index, level) in levels(4, seconds: 3).enumerated() { _ = silent.process(level: level, index: Int64(index), isSpeech: false) }
        #expect(silent.nuclei == 0)
        var ripple = SyllableCounter()
        for frame in 0..<150 { _ = ripple.process(level: -40 + sin(Double(frame)), index: Int64(frame), isSpeech: true) }
        #expect(ripple.nuclei == 0)
        // Peaks closer than 100 ms count once.
        var fast = SyllableCounter()
        for (index, level) in levels(12.5, seconds: 2).enumerated() { _ = fast.process(level: level, index: Int64(index), isSpeech: true) }
        #expect(fast.nuclei <= 20, "\(fast.nuclei) nuclei at 12.5 peaks/s, spaced at least 100 ms")
    }

    @Test func agitationRisesWithLoudnessAndPitchAboveTheLegsOwnBaseline() {
        var tracker = AgitationTracker()
        // 4 s of calm speech: the baseline is learnt, agitation stays low.
        for _ in 0..<200 { tracker.process(level: -30, isSpeech: true, pitch: 150) }
        #expect(tracker.level < 0.05)
        // Shouting: 12 dB louder and 6 semitones higher, for 3 s.
        for _ in 0..<150 { tracker.process(level: -18, isSpeech: true, pitch: 150 * pow(2, 0.5)) }
        #expect(tracker.level > 0.9, "level \(tracker.level) after 3 s of shouting")
        // It is not learnt as the new normal, and it decays through a pause.
        let shouting = tracker.level
        for _ in 0..<100 { tracker.process(level: -60, isSpeech: false, pitch: nil) }
        #expect(tracker.level < shouting * 0.7)
        #expect(AgitationTracker.ramp(8, from: 4, to: 12) == 0.5)
        // A leg that is loud from the start is its own baseline: not agitated.
        var loud = AgitationTracker()
        for _ in 0..<300 { loud.process(level: -12, isSpeech: true, pitch: 220) }
        #expect(loud.level < 0.05)
    }
}

@Suite("Agitation episodes")
struct AgitationEpisodeDetectorTests {
    /// Runs levels (dBFS, all speech, no pitch) through a detector; returns the changes by frame.
    static func run(_ levels: [Double]) -> [(Int64, AgitationEpisodeDetector.Change)] {
        var detector = AgitationEpisodeDetector()
        var changes: [(Int64, AgitationEpisodeDetector.Change)] = []
        for (index, level) in levels.enumerated() {
            if let change = detector.process(index: Int64(index), level: level, isSpeech: true, pitch: nil) {
                changes.append((Int64(index), change))
            }
        }
        if let change = detector.finish() { changes.append((Int64(levels.count), change)) }
        return changes
    }

    @Test func aLongLoudStretchCountsAfterASecondAndEndsWhereItEnds() {
        let levels = Array(repeating: -30.0, count: 150) + Array(repeating: -20.0, count: 100) + Array(repeating: -30.0, count: 100)
        let changes = Self.run(levels)
        #expect(changes.count == 2)
        #expect(changes.first?.0 == 199 && changes.first?.1 == .confirmed(start: 150))
        if case .ended(let start, let end, let level, let pitch)? = changes.last?.1 {
            #expect(start == 150 && end == 250 && abs(level - 10) < 0.1 && pitch == nil)
        } else {
            Issue.record("no end: \(changes)")
        }
    }

    @Test func shortBurstsModestRisesAndAnUntrustedBaselineDoNotCount() {
        // A 0.6 s shout, a 6 dB rise held for 4 s, and shouting before the leg's baseline is known.
        #expect(Self.run(Array(repeating: -30.0, count: 150) + Array(repeating: -20.0, count: 30) + Array(repeating: -30.0, count: 50)).isEmpty)
        #expect(Self.run(Array(repeating: -30.0, count: 150) + Array(repeating: -24.0, count: 200)).isEmpty)
        #expect(Self.run(Array(repeating: -30.0, count: 50) + Array(repeating: -20.0, count: 40) + Array(repeating: -30.0, count: 50)).isEmpty)
    }
}

@Suite("Alert evaluator")
struct AlertEvaluatorTests {
    func rule(for seconds: Double = 0.1, cooldown: Double = 1, clear: Double? = nil) -> AlertRule {
        var rule = AlertRule(name: "loss", metric: .lossPercent, comparator: .greater, threshold: 5, severity: .critical)
        rule.forSeconds = seconds
        rule.cooldownSeconds = cooldown
        rule.clearThreshold = clear
        return rule
    }

    @Test func raisesAfterTheHoldClearsBelowTheClearThresholdAndRespectsTheCooldown() throws {
        var evaluator = AlertEvaluator(rule: rule(for: 0.1, cooldown: 1, clear: 3))
        var changes: [(Int64, AlertEvaluator.Change)] = []
        // Frames 0-9: 4 % (no); 10-29: 8 % (raised once held 100 ms = 5 frames); 30-39: 4 % (above the
        // clear threshold: stays); 40-44: 1 % (cleared at 40); 45-60: 9 % again (cooldown of 50 frames
        // from 40: not before 90); 61-99: 9 %.
        for index in Int64(0)..<100 {
            let value: Double =
                switch index {
                case 0..<10: 4
                case 10..<30: 8
                case 30..<40: 4
                case 40..<45: 1
                default: 9
                }
            if let change = evaluator.evaluate(value, at: index, callId: "c") { changes.append((index, change)) }
        }
        try #require(changes.count == 3)
        guard case .raised(let first) = changes[0].1, case .cleared(let cleared) = changes[1].1, case .raised(let second) = changes[2].1 else {
            Issue.record("expected raised, cleared, raised: \(changes)")
            return
        }
        #expect(changes[0].0 == 15)  // held from 10, 5 frames later
        #expect(first.id == "loss-1" && first.value == 8 && first.severity == .critical && first.raisedAt == Seconds.of(16))
        #expect(changes[1].0 == 40 && cleared.clearedAt == Seconds.of(41) && cleared.value == 1)
        #expect(changes[2].0 == 90 && second.id == "loss-2")
        // The call ends with the alert open: it is closed at the end.
        let closing = evaluator.close(at: 100)
        let closed = try #require(closing)
        #expect(closed.id == "loss-2" && closed.clearedAt == Seconds.of(100))
        let again = evaluator.close(at: 101)
        #expect(evaluator.active == nil && again == nil)
    }

    @Test func aMissingValueNeitherRaisesNorKeepsAnAlertOpen() {
        var evaluator = AlertEvaluator(rule: rule(for: 0, cooldown: 0))
        let nothing = evaluator.evaluate(nil, at: 0, callId: "c")
        #expect(nothing == nil)
        guard case .raised? = evaluator.evaluate(10, at: 1, callId: "c") else {
            Issue.record("not raised at once with no hold")
            return
        }
        guard case .cleared(let alert)? = evaluator.evaluate(nil, at: 2, callId: "c") else {
            Issue.record("a metric that went away did not clear the alert")
            return
        }
        #expect(alert.value == 10)
    }
}
