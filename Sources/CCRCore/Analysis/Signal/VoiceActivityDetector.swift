#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Speech/silence per frame for one leg, in noise: a level detector against a percentile noise
/// floor and the leg's own speech level, with hysteresis, that reports segments with exact
/// boundaries.
///
/// Three measures decide:
/// - the **noise floor** is a low percentile (`floorPercentile`) of the leg's level, smoothed
///   over 100 ms, across the last `floorWindowFrames`. A percentile, not the minimum: babble and
///   street noise swing by several dB, and their quietest moment lies far under their usual
///   level, so a floor at the minimum takes the noise itself for speech. It stays within
///   `floorSpread` of the window's minimum, so that a clean line's floor stays quiet through a
///   long stretch of speech.
/// - the **speaker's level** is a slow average of the frames inside speech segments. The
///   headset talker is the loudest voice on the leg; a frame `speakerRange` dB or more under
///   that level is someone in the background, a breath or a tail, not the talker.
/// - the **frame**: its own level (edges) and its level smoothed over 100 ms (onset: a lone
///   loud frame of noise does not start anything, a syllable does).
///
/// A frame counts only when the level has swung by `minimumSwing` over the last 500 ms:
/// syllables rise and fall, a swelling street or a fan does not.
///
/// Given the frame's samples (`process(samples:level:meanSquare:index:)`), the detector also
/// learns what the leg's talker and its noise look like across the phone band
/// (`SpeechNoiseDiscriminant`, trained on the frames it is sure of); a frame whose spectrum it
/// places on the talker's side (`spectralThreshold`) needs only `spectralMargin` dB over the
/// floor. That is what hears a quiet voice in loud steady noise.
///
/// A segment starts when `minSpeechFrames` frames whose smoothed level is `margin` over the floor
/// come without a longer break than `bridgeFrames`; it is dated back over the frames just before
/// that were already over the floor (at most `lookbackFrames`). It holds while frames stay
/// `margin` over the floor and within `speakerRange` of the speaker, and ends after
/// `minSilenceFrames` that do not. Both transitions are reported late (when confirmed) but dated
/// to where the speech is, not to where the detector became sure. No frame is ever speech under
/// `absoluteFloor`. Tuned on `make vad-eval`'s corpus (Benchmarks/README.md).
public struct VoiceActivityDetector: Sendable {
    /// Tuning; the defaults suit telephone speech at 16 kHz, clean or in noise.
    public struct Settings: Sendable, Equatable {
        /// dB over the noise floor for a frame to count as speech.
        public var margin: Double = 6
        /// Frames below this level (dBFS) are never speech.
        public var absoluteFloor: Double = -55
        /// dB under the speaker's own level below which a frame is not the speaker.
        public var speakerRange: Double = 25
        /// Loud frames needed to start a segment (3 = 60 ms).
        public var minSpeechFrames = 3
        /// Quiet frames that end a segment (18 = 360 ms); shorter pauses stay inside it.
        public var minSilenceFrames = 18
        /// Quiet frames tolerated between the loud frames that start a segment.
        public var bridgeFrames = 2
        /// Frames before the confirmed onset that the segment may reach back over (25 = 500 ms).
        public var lookbackFrames = 25
        /// Frames over which the noise floor is a percentile (150 = 3 s).
        public var floorWindowFrames = 150
        /// The percentile of the window's smoothed levels that is the noise floor.
        public var floorPercentile = 20.0
        /// dB the frame level must have swung (highest minus lowest) over the last
        /// `swingFrames` for a frame to be speech: syllables rise and fall, a passing truck or
        /// a fan does not.
        public var minimumSwing = 8.0
        /// Frames over which the swing is measured (25 = 500 ms).
        public var swingFrames = 25
        /// Frames at the start measured against a quiet line, so that speech from the very
        /// first frame is heard (8 = 160 ms). More costs more false speech when a call starts in
        /// noise.
        public var initialQuietFrames = 8
        /// The floor is never more than this many dB over the quietest level of its window: in
        /// a clean line a long stretch of speech would otherwise lift the percentile into the
        /// speech and cut the tails of words.
        public var floorSpread = 20.0
        /// Whether the leg's spectrum is learned and used (`process(samples:...)` only).
        public var spectral = true
        /// dB over the noise floor for a frame whose spectrum is the talker's to count.
        public var spectralMargin = 3.0
        /// Discriminant score (noise -0.5, talker +0.5) over which a frame's spectrum is the
        /// talker's.
        public var spectralThreshold = 0.3
        /// Frames at the start of a leg decided only once the noise floor has heard them all
        /// (100 = 2 s): then they are decided again with that floor, and their transitions come
        /// together in `replayed`, dated as always. A line that is noisy from its first frame
        /// (babble before anyone speaks) is otherwise taken for speech until the floor catches
        /// up. 0 decides every frame as it comes, against a quiet line at first.
        public var startupFrames = 100
        /// Frames averaged (by power) for the smoothed level (5 = 100 ms).
        static let smoothingFrames = 5
        /// How fast the speaker's level follows the frames of speech (per frame, after the
        /// first 200, which are averaged): slowly, so that shouting does not lift it.
        static let speakerRate = 0.005

        public init() {}
    }

    /// A confirmed change, dated in frame indices (`end` is the first silent frame).
    public enum Transition: Equatable, Sendable {
        case started(at: Int64)
        case ended(at: Int64)
    }

    public let settings: Settings
    /// Whether a segment is open (confirmed).
    public private(set) var inSpeech = false
    /// Whether the last frame was over the floor, within the speaker's range (speech-like).
    public private(set) var lastFrameLoud = false
    /// Current noise floor estimate, dBFS.
    public private(set) var noiseFloor: Double
    /// The level of the last 100 ms (power mean of the last five frames), dBFS.
    public private(set) var smoothedLevel = Decibels.floor
    /// The speaker's level, dBFS, once the leg has spoken.
    public private(set) var speakerLevel: Double?

    private var floorWindow: PercentileWindow
    private var framesSeen = 0
    /// Frames that made the speaker's level: its first ones are averaged, then it follows slowly.
    private var speakerFrames = 0
    private var recentPower: [Double]
    private var recentPosition = 0
    private var recentCount = 0
    /// Frame levels of the last `swingFrames`, for the swing.
    private var recentLevels: [Double]
    private var levelPosition = 0
    private var levelCount = 0
    /// Whether each of the last 64 frames was over the floor (swing aside), newest in bit 0.
    private var loudHistory: UInt64 = 0

    private var candidateStart: Int64?
    private var candidateLoud = 0
    private var lastLoud: Int64 = -1
    /// First frame after the last segment: dating back never reaches into it.
    private var lastEnd: Int64 = 0
    private var spectrum = PhoneBandSpectrum()
    private var discriminant = SpeechNoiseDiscriminant()
    /// What the last frame taught the discriminant: talker, noise, or nothing when unsure.
    private var lesson: Bool?
    /// Whether the leg's first `startupFrames` are still being kept for the replay.
    private var inStartup: Bool
    /// The kept start-up frames: level, mean square, 100 ms level, and bands (flat) when spectral.
    private var startupLevels: [Double] = []
    private var startupMeanSquares: [Double] = []
    private var startupSmoothed: [Double] = []
    private var startupBands: [Double] = []
    private var startupFirst: Int64 = 0
    /// The transitions of the start-up, decided again once the floor had heard it: set on the
    /// frame that ends the start-up (or by `finish()` for a leg shorter than it), in time
    /// order and before that call's own transition; empty otherwise.
    public private(set) var replayed: [Transition] = []

    public init(settings: Settings = Settings()) {
        self.settings = settings
        self.noiseFloor = settings.absoluteFloor - settings.margin
        self.floorWindow = PercentileWindow(capacity: max(1, settings.floorWindowFrames), percentile: settings.floorPercentile)
        self.recentPower = Array(repeating: 0, count: Settings.smoothingFrames)
        self.recentLevels = Array(repeating: Decibels.floor, count: max(1, settings.swingFrames))
        self.inStartup = settings.startupFrames > 0
    }

    /// Takes the level of frame `index` and returns a transition if one is confirmed.
    public mutating func process(level: Double, index: Int64) -> Transition? {
        process(level: level, meanSquare: pow(10, level / 10), index: index)
    }

    /// The same with the frame's samples (16 kHz): its spectrum is scored against what the
    /// leg has taught the discriminant, then the frame teaches it if the detector is sure.
    public mutating func process(samples: [Float], level: Double, meanSquare: Double, index: Int64) -> Transition? {
        guard settings.spectral else { return process(level: level, meanSquare: meanSquare, index: index) }
        spectrum.measure(samples)
        return step(level: level, meanSquare: meanSquare, index: index, bands: spectrum.bands)
    }

    /// The same, with the frame's mean square as measured (saves turning the level back).
    public mutating func process(level: Double, meanSquare: Double, index: Int64) -> Transition? {
        step(level: level, meanSquare: meanSquare, index: index, bands: nil)
    }

    /// Decides a frame (scoring and teaching the discriminant when there are bands); during the
    /// start-up keeps it and holds its transition back for the replay.
    private mutating func step(level: Double, meanSquare: Double, index: Int64, bands: [Double]?) -> Transition? {
        if !replayed.isEmpty { replayed = [] }
        let transition = decide(
            level: level, meanSquare: meanSquare, index: index, spectral: bands.flatMap { discriminant.score($0) })
        if let bands, let lesson { discriminant.learn(bands, isSpeech: lesson) }
        guard inStartup else { return transition }
        if startupLevels.isEmpty {
            startupFirst = index
            startupLevels.reserveCapacity(settings.startupFrames)
        }
        startupLevels.append(level)
        startupMeanSquares.append(meanSquare)
        startupSmoothed.append(smoothedLevel)
        if let bands { startupBands.append(contentsOf: bands) }
        if startupLevels.count >= settings.startupFrames { replayStartup() }
        return nil
    }

    /// Decides the kept start-up frames again, from scratch, with the noise floor they make
    /// known from the first one on; the result becomes this detector, its transitions
    /// `replayed`.
    private mutating func replayStartup() {
        var replay = VoiceActivityDetector(settings: settings)
        replay.inStartup = false
        // The floor knows the start-up; its first frames are still measured against a quiet
        // line, so that speech from the first frame on is heard.
        for value in startupSmoothed { _ = replay.floorWindow.push(value) }
        let width = PhoneBandSpectrum.bandCount
        let hasBands = startupBands.count == startupLevels.count * width
        var decided: [Transition] = []
        for offset in startupLevels.indices {
            let bands = hasBands ? Array(startupBands[(offset * width)..<((offset + 1) * width)]) : nil
            if let transition = replay.step(
                level: startupLevels[offset], meanSquare: startupMeanSquares[offset], index: startupFirst + Int64(offset),
                bands: bands)
            {
                decided.append(transition)
            }
        }
        // From here the floor window holds the start-up once, as a live detector's would.
        replay.floorWindow = PercentileWindow(capacity: max(1, settings.floorWindowFrames), percentile: settings.floorPercentile)
        for value in startupSmoothed { _ = replay.floorWindow.push(value) }
        replay.spectrum = spectrum
        self = replay
        replayed = decided
    }

    private mutating func decide(level measured: Double, meanSquare: Double, index: Int64, spectral: Double?) -> Transition? {
        let level = measured.isFinite ? measured : Decibels.floor
        let smoothed = smooth(meanSquare.isFinite ? max(0, meanSquare) : 0)
        smoothedLevel = smoothed
        let percentile = floorWindow.push(smoothed)
        framesSeen += 1
        noiseFloor = framesSeen <= settings.initialQuietFrames
            ? settings.absoluteFloor - settings.margin : min(percentile, floorWindow.minimum + settings.floorSpread)
        let speakerFloor = speakerLevel.map { max(settings.absoluteFloor, $0 - settings.speakerRange) } ?? settings.absoluteFloor
        let threshold = noiseFloor + settings.margin
        let swinging = swing(level) >= settings.minimumSwing
        // A frame that sounds like the talker needs less level.
        let needed = (spectral ?? 0) > settings.spectralThreshold ? min(threshold, noiseFloor + settings.spectralMargin) : threshold
        let overFloor = level > speakerFloor && level > needed
        let frameLoud = swinging && overFloor
        let onsetLoud = swinging && smoothed > speakerFloor && smoothed > needed
        lastFrameLoud = frameLoud
        // Sure talker: inside a segment and loud. Sure noise: outside, under the floor's margin,
        // no onset pending.
        lesson = inSpeech ? (frameLoud ? true : nil) : (!overFloor && candidateStart == nil ? false : nil)
        // Dating back looks at the level alone: once the swing shows speech, the frames over
        // the floor just before it were its first syllable.
        loudHistory = loudHistory << 1 | (overFloor ? 1 : 0)

        if inSpeech {
            if frameLoud || (onsetLoud && level > speakerFloor) {
                lastLoud = index
                speakerFrames += 1
                let rate = max(Settings.speakerRate, 1 / Double(speakerFrames))
                speakerLevel = speakerLevel.map { $0 + rate * (level - $0) } ?? level
            }
            if index - lastLoud >= Int64(settings.minSilenceFrames) {
                inSpeech = false
                candidateStart = nil
                candidateLoud = 0
                lastEnd = lastLoud + 1
                return .ended(at: lastEnd)
            }
            return nil
        }
        guard onsetLoud else {
            if candidateStart != nil, index - lastLoud > Int64(settings.bridgeFrames) {
                candidateStart = nil
                candidateLoud = 0
            }
            return nil
        }
        if candidateStart == nil { candidateStart = index }
        candidateLoud += 1
        lastLoud = index
        guard candidateLoud >= settings.minSpeechFrames, let candidate = candidateStart else { return nil }
        inSpeech = true
        candidateStart = nil
        candidateLoud = 0
        return .started(at: datedBack(candidate, now: index))
    }

    /// Closes an open segment at the end of the stream. A leg that ends during its start-up is
    /// decided first: its transitions are in `replayed`, before the one returned.
    public mutating func finish() -> Transition? {
        if !replayed.isEmpty { replayed = [] }
        if inStartup && !startupLevels.isEmpty { replayStartup() }
        guard inSpeech else { return nil }
        inSpeech = false
        return .ended(at: lastLoud + 1)
    }

    /// The onset moved back over the loud frames just before it, not past the last segment.
    private func datedBack(_ candidate: Int64, now: Int64) -> Int64 {
        let limit = max(lastEnd, candidate - Int64(min(settings.lookbackFrames, 63 - Int(min(63, now - candidate)))))
        var start = candidate
        while start > limit {
            let age = now - (start - 1)
            guard age < 64, loudHistory >> UInt64(age) & 1 == 1 else { break }
            start -= 1
        }
        return start
    }

    /// Highest minus lowest frame level over the last `swingFrames`, this one included.
    private mutating func swing(_ level: Double) -> Double {
        recentLevels[levelPosition] = level
        levelPosition = (levelPosition + 1) % recentLevels.count
        levelCount = min(levelCount + 1, recentLevels.count)
        var lowest = level
        var highest = level
        for index in 0..<levelCount {
            lowest = min(lowest, recentLevels[index])
            highest = max(highest, recentLevels[index])
        }
        return highest - lowest
    }

    /// The level averaged by power over the last `smoothingFrames` frames, dBFS.
    private mutating func smooth(_ power: Double) -> Double {
        recentPower[recentPosition] = power
        recentPosition = (recentPosition + 1) % recentPower.count
        recentCount = min(recentCount + 1, recentPower.count)
        let mean = recentPower.reduce(0, +) / Double(recentCount)
        return mean > 0 ? max(Decibels.floor, 10 * log10(mean)) : Decibels.floor
    }
}
