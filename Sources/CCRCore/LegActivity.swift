/// Level and speech presence of one leg: the minimal per-leg analysis the live API shows.
///
/// The level is the RMS of the last 100 ms. Speech presence compares each frame with an
/// adaptive noise floor (fast down, slow up) and holds for 200 ms after the last loud frame,
/// so short gaps between syllables do not count as silence.
public struct LegActivity: Sendable {
    /// How many recent frames the level averages (5 × 20 ms = 100 ms).
    static let levelFrames = 5
    /// How far above the noise floor a frame must be to count as speech.
    static let speechMargin: Double = 9
    /// Frames below this level are never speech, however quiet the floor.
    static let absoluteSpeechFloor: Double = -55
    /// Frames that speech presence holds after the last loud frame.
    static let hangoverFrames = 10
    /// How fast the noise floor rises when the leg is louder, per frame (≈ 1 dB/s).
    static let floorRisePerFrame: Double = 0.02

    private var recent: [Double] = Array(repeating: 0, count: LegActivity.levelFrames)
    private var recentIndex = 0
    private var recentFilled = 0
    private var noiseFloor: Double = Decibels.floor
    private var hangover = 0

    /// Frames seen.
    public private(set) var frames: Int = 0
    /// Frames judged as speech.
    public private(set) var speechFrames: Int = 0
    /// Whether the leg is speaking as of the last frame.
    public private(set) var isSpeaking = false

    public init() {}

    /// Current level in dBFS RMS over the last 100 ms (full-scale square wave = 0 dBFS).
    public var levelDBFS: Double {
        guard recentFilled > 0 else { return Decibels.floor }
        var sum = 0.0
        for index in 0..<recentFilled { sum += recent[index] }
        return Decibels.fromMeanSquare(sum / Double(recentFilled))
    }

    /// Seconds of audio judged as speech.
    public var speechSeconds: Double { Double(speechFrames) * 0.02 }

    /// Takes the next frame of this leg.
    public mutating func consume(_ frame: Frame) {
        let power = Double(frame.meanSquare)
        recent[recentIndex] = power
        recentIndex = (recentIndex + 1) % LegActivity.levelFrames
        recentFilled = min(recentFilled + 1, LegActivity.levelFrames)
        frames += 1

        let level = Decibels.fromMeanSquare(power)
        if frames == 1 || level < noiseFloor {
            noiseFloor = level
        } else {
            noiseFloor += LegActivity.floorRisePerFrame
        }
        let loud = level > LegActivity.absoluteSpeechFloor && level > noiseFloor + LegActivity.speechMargin
        if loud {
            hangover = LegActivity.hangoverFrames
        } else if hangover > 0 {
            hangover -= 1
        }
        isSpeaking = loud || hangover > 0
        if isSpeaking { speechFrames += 1 }
    }
}
