/// Finds a leg's agitation episodes as they happen: stretches of its speech whose 100 ms level
/// stays well above the leg's own calm speech level.
///
/// The baseline is the leg's speech level (the 100 ms level in dB, averaged over its first
/// `warmUpFrames` speech frames, then followed slowly while no episode is open), so a loud
/// talker is not agitated for being loud. An episode opens on a speech frame `onsetDB` over the
/// baseline, takes every speech frame `holdDB` over it, survives pauses up to `maxGapFrames`,
/// and counts (is confirmed) once it has lasted `minFrames` with a mean of `onsetDB` or more:
/// an emphatic word or a rising question is shorter or softer than that. It ends at the first
/// longer pause or drop.
public struct AgitationEpisodeDetector: Sendable {
    /// Tuning, calibrated on the test corpus (shouting +8 to +12 dB for 1.5 to 3.5 s against
    /// calm calls with lively intonation); see docs/events.md.
    public struct Settings: Sendable, Equatable {
        public var onsetDB = 8.0
        public var holdDB = 5.0
        /// 1 s.
        public var minFrames: Int64 = 50
        /// 300 ms.
        public var maxGapFrames: Int64 = 15
        /// Speech frames averaged before the baseline is trusted (2 s).
        public var warmUpFrames = 100
        public init() {}
    }

    /// What one frame changed.
    public enum Change: Equatable, Sendable {
        /// An episode that started at frame `start` now counts.
        case confirmed(start: Int64)
        /// A confirmed episode ended: frames `start ..< end`, its mean level over the baseline
        /// (dB) and mean pitch over it (Hz, nil with too few voiced frames).
        case ended(start: Int64, end: Int64, levelOverBaseline: Double, pitchRiseHz: Double?)
    }

    private struct Open {
        var start: Int64
        var last: Int64
        var excessSum = 0.0
        var frames = 0
        var pitchSum = 0.0
        var pitchFrames = 0
        var confirmed = false
    }

    public let settings: Settings
    private var baseline = 0.0
    private var pitchBaseline = 0.0
    private var speechFrames = 0
    private var voicedFrames = 0
    private var open: Open?
    /// Baseline adaptation per calm speech frame (≈ 10 s of speech).
    static let baselineRate = 0.002

    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Frames since the start of the confirmed episode under way at the last frame; 0 when none.
    public private(set) var ongoingFrames: Int64 = 0

    /// Takes frame `index`: its 100 ms level (dBFS), whether it is speech, its pitch if voiced.
    public mutating func process(index: Int64, level: Double, isSpeech: Bool, pitch: Double?) -> Change? {
        var change: Change?
        if isSpeech && level.isFinite {
            speechFrames += 1
            if speechFrames <= settings.warmUpFrames {
                baseline += (level - baseline) / Double(speechFrames)
            } else if open == nil {
                baseline += Self.baselineRate * (level - baseline)
            }
            if let pitch, pitch > 0, pitch.isFinite {
                voicedFrames += 1
                if voicedFrames <= settings.warmUpFrames {
                    pitchBaseline += (pitch - pitchBaseline) / Double(voicedFrames)
                } else if open == nil {
                    pitchBaseline += Self.baselineRate * (pitch - pitchBaseline)
                }
            }
        }
        let trusted = speechFrames > settings.warmUpFrames
        let excess = level - baseline
        if trusted, isSpeech, excess >= settings.holdDB, open != nil || excess >= settings.onsetDB {
            var episode = open ?? Open(start: index, last: index)
            episode.last = index
            episode.excessSum += excess
            episode.frames += 1
            if let pitch, pitch > 0, pitch.isFinite, voicedFrames > settings.warmUpFrames / 2 {
                episode.pitchSum += pitch - pitchBaseline
                episode.pitchFrames += 1
            }
            if !episode.confirmed, index - episode.start + 1 >= settings.minFrames,
                episode.excessSum / Double(episode.frames) >= settings.onsetDB
            {
                episode.confirmed = true
                change = .confirmed(start: episode.start)
            }
            open = episode
        } else if let episode = open, index - episode.last > settings.maxGapFrames {
            open = nil
            if episode.confirmed { change = Self.ending(episode) }
        }
        ongoingFrames = open.map { $0.confirmed ? index - $0.start + 1 : 0 } ?? 0
        return change
    }

    /// The call is over at frame `end`: a confirmed episode still open ends there.
    public mutating func finish() -> Change? {
        guard let episode = open, episode.confirmed else { return nil }
        open = nil
        ongoingFrames = 0
        return Self.ending(episode)
    }

    /// The end of an episode: frames `start ..< last + 1`, its mean rise in level and pitch.
    private static func ending(_ episode: Open) -> Change {
        .ended(
            start: episode.start, end: episode.last + 1, levelOverBaseline: episode.excessSum / Double(episode.frames),
            pitchRiseHz: episode.pitchFrames >= 10 ? episode.pitchSum / Double(episode.pitchFrames) : nil)
    }
}
