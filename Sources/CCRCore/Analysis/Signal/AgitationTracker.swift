#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// How agitated one leg sounds, 0 ... 1: loudness and pitch well above the leg's own baseline.
///
/// The baseline is a slow average of the leg's speech while it is calm (it does not learn
/// shouting as normal). Each speech frame scores loudness 4–12 dB above baseline as 0–1
/// (weight 0.6) and pitch 2–6 semitones above baseline as 0–1 (weight 0.4); the level is that
/// score smoothed over about a second, and decays slowly through pauses.
public struct AgitationTracker: Sendable {
    /// Speech frames averaged before the baseline is trusted (2 s).
    static let warmUpFrames = 100
    /// Baseline adaptation per calm speech frame (time constant ≈ 10 s of speech).
    static let baselineRate = 0.002
    /// Smoothing of the level per frame (≈ 1 s).
    static let levelRate = 0.02
    /// Decay of the level per non-speech frame.
    static let pauseDecay = 0.995

    private var loudnessBaseline = 0.0
    private var pitchBaseline = 0.0  // log2 Hz
    private var speechFrames = 0
    private var voicedFrames = 0
    private var lastPitchScore = 0.0
    /// Current level, 0 ... 1.
    public private(set) var level = 0.0

    public init() {}

    /// Takes one frame: its level, whether it is speech, and its pitch when voiced.
    public mutating func process(level loudness: Double, isSpeech: Bool, pitch: Double?) {
        guard isSpeech else {
            level *= Self.pauseDecay
            return
        }
        speechFrames += 1
        if let pitch, pitch > 0 {
            let octave = log2(pitch)
            voicedFrames += 1
            if voicedFrames <= Self.warmUpFrames {
                pitchBaseline += (octave - pitchBaseline) / Double(voicedFrames)
            }
            let semitones = 12 * (octave - pitchBaseline)
            lastPitchScore = voicedFrames > 20 ? Self.ramp(semitones, from: 2, to: 6) : 0
            if voicedFrames > Self.warmUpFrames, level < 0.3 {
                pitchBaseline += Self.baselineRate * (octave - pitchBaseline)
            }
        }
        if speechFrames <= Self.warmUpFrames {
            loudnessBaseline += (loudness - loudnessBaseline) / Double(speechFrames)
        }
        let loudnessScore = speechFrames > 20 ? Self.ramp(loudness - loudnessBaseline, from: 4, to: 12) : 0
        let instant = 0.6 * loudnessScore + 0.4 * lastPitchScore
        level += Self.levelRate * (instant - level)
        if speechFrames > Self.warmUpFrames, level < 0.3 {
            loudnessBaseline += Self.baselineRate * (loudness - loudnessBaseline)
        }
    }

    static func ramp(_ value: Double, from low: Double, to high: Double) -> Double {
        min(1, max(0, (value - low) / (high - low)))
    }
}
