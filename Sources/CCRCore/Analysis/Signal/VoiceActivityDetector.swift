/// Speech/silence per frame for one leg: an energy detector against an adaptive noise floor,
/// with minimum speech and silence durations, that reports segments with exact boundaries.
///
/// A frame is *loud* when its level is `margin` above the noise floor and above an absolute
/// floor. The noise floor is the quietest frame of the last `floorWindowFrames` (minimum
/// statistics): speech always dips between words, noise does not, so the floor settles on
/// stationary noise within that window and does not climb into the speech. For the first
/// `initialQuietFrames` the floor also assumes a quiet line, so speech from the very first
/// frame is heard; noise from the first frame costs at most that long of false speech. A segment
/// starts when `minSpeechFrames` loud frames come without a longer break than `bridgeFrames`,
/// and ends after `minSilenceFrames` quiet frames. Both transitions are reported late (when
/// confirmed) but dated back to the first and after the last loud frame, so segment
/// boundaries are where the speech is, not where the detector became sure.
public struct VoiceActivityDetector: Sendable {
    /// Tuning; the defaults suit telephone speech at 16 kHz.
    public struct Settings: Sendable, Equatable {
        /// dB above the noise floor for a frame to be loud.
        public var margin: Double = 3
        /// Frames below this level (dBFS) are never speech.
        public var absoluteFloor: Double = -55
        /// Loud frames needed to start a segment (3 = 60 ms).
        public var minSpeechFrames = 3
        /// Quiet frames that end a segment (15 = 300 ms); shorter pauses stay inside it.
        public var minSilenceFrames = 15
        /// Quiet frames tolerated between the loud frames that start a segment.
        public var bridgeFrames = 2
        /// Frames over which the noise floor is the minimum level (150 = 3 s).
        public var floorWindowFrames = 150
        /// Frames at the start during which a quiet line is assumed (5 = 100 ms).
        public var initialQuietFrames = 5

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
    /// Current noise floor estimate, dBFS.
    public private(set) var noiseFloor: Double
    private var recentLevels: [Double]
    private var recentPosition = 0

    private var candidateStart: Int64?
    private var candidateLoud = 0
    private var lastLoud: Int64 = -1

    public init(settings: Settings = Settings()) {
        self.settings = settings
        let quiet = settings.absoluteFloor - settings.margin
        self.noiseFloor = quiet
        // Slots not yet written hold +∞ (never the minimum); the first few hold the quiet
        // assumption and are the first to be overwritten.
        var levels = Array(repeating: Double.infinity, count: max(1, settings.floorWindowFrames))
        for index in 0..<min(levels.count, settings.initialQuietFrames) { levels[index] = quiet }
        self.recentLevels = levels
    }

    /// Whether a level counts as loud against the current floor.
    public func isLoud(_ level: Double) -> Bool {
        level > settings.absoluteFloor && level > noiseFloor + settings.margin
    }

    /// Takes the level of frame `index` and returns a transition if one is confirmed.
    public mutating func process(level: Double, index: Int64) -> Transition? {
        let loud = isLoud(level)
        trackFloor(level)
        if loud { lastLoud = index }
        if inSpeech {
            if index - lastLoud >= Int64(settings.minSilenceFrames) {
                inSpeech = false
                candidateStart = nil
                candidateLoud = 0
                return .ended(at: lastLoud + 1)
            }
            return nil
        }
        guard loud else {
            if let _ = candidateStart, index - lastLoud > Int64(settings.bridgeFrames) {
                candidateStart = nil
                candidateLoud = 0
            }
            return nil
        }
        if candidateStart == nil { candidateStart = index }
        candidateLoud += 1
        if candidateLoud >= settings.minSpeechFrames, let start = candidateStart {
            inSpeech = true
            candidateStart = nil
            candidateLoud = 0
            return .started(at: start)
        }
        return nil
    }

    /// Closes an open segment at the end of the stream.
    public mutating func finish() -> Transition? {
        guard inSpeech else { return nil }
        inSpeech = false
        return .ended(at: lastLoud + 1)
    }

    private mutating func trackFloor(_ level: Double) {
        let leaving = recentLevels[recentPosition]
        recentLevels[recentPosition] = level
        recentPosition = (recentPosition + 1) % recentLevels.count
        if level <= noiseFloor {
            noiseFloor = level
        } else if leaving <= noiseFloor {
            // The minimum left the window: find the new one.
            noiseFloor = recentLevels.min() ?? level
        }
    }
}
