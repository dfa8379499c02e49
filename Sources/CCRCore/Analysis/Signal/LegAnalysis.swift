/// Everything measured on one leg alone, frame by frame: levels, voice activity, pitch,
/// agitation, syllable nuclei.
public struct LegAnalysis: Sendable {
    /// What one frame of a leg yields, for the conversation and the windows.
    public struct FrameResult: Sendable, Equatable {
        public var index: Int64
        public var levels: FrameLevels
        public var transition: VoiceActivityDetector.Transition?
        /// The start-up's transitions, decided again once the floor had heard it (on the frame
        /// that ends the start-up only), earlier than `transition`.
        public var replayed: [VoiceActivityDetector.Transition] = []
        /// Whether the frame is inside a confirmed speech segment (as known at this frame).
        public var inSpeech: Bool
        public var pitch: Double?
        public var agitation: Double
        public var isNucleus: Bool
        /// An agitation episode that began to count or ended at this frame.
        public var episode: AgitationEpisodeDetector.Change?
        /// Frames of the confirmed agitation episode under way; 0 when none.
        public var episodeFrames: Int64
    }

    public let leg: Leg
    private var detector: VoiceActivityDetector
    private var pitch = PitchEstimator()
    private var agitation = AgitationTracker()
    private var syllables = SyllableCounter()
    private var episodes = AgitationEpisodeDetector()
    private var lastPitch: Double?
    private var loudFrames = 0

    /// Frames seen, clipped samples, sum of pitch over voiced frames (for summaries).
    public private(set) var frames = 0
    public private(set) var clippedSamples = 0
    public private(set) var peakDBFS = Decibels.floor
    public private(set) var pitchSum = 0.0
    public private(set) var voicedFrames = 0

    public init(leg: Leg, vad: VoiceActivityDetector.Settings = .init()) {
        self.leg = leg
        self.detector = VoiceActivityDetector(settings: vad)
    }

    /// RMS level of the last 100 ms, dBFS (full-scale square wave = 0).
    public var levelDBFS: Double { detector.smoothedLevel }

    /// Whether the leg is inside a speech segment.
    public var isSpeaking: Bool { detector.inSpeech }

    /// Syllable nuclei counted so far.
    public var nuclei: Int { syllables.nuclei }
    /// Current agitation level, 0 ... 1.
    public var agitationLevel: Double { agitation.level }
    /// Mean F0 over voiced frames, Hz.
    public var meanPitch: Double? { voicedFrames > 0 ? pitchSum / Double(voicedFrames) : nil }

    public mutating func process(_ frame: Frame, index: Int64) -> FrameResult {
        let levels = FrameLevels(measuring: frame.samples)
        frames += 1
        clippedSamples += levels.clippedSamples
        peakDBFS = max(peakDBFS, levels.peakDBFS)
        let transition = detector.process(
            samples: frame.samples, level: levels.rmsDBFS, meanSquare: levels.meanSquare, index: index)
        let loud = detector.lastFrameLoud
        pitch.push(frame)
        var framePitch: Double?
        if loud {
            loudFrames += 1
            // Every other loud frame: F0 moves slowly, and YIN is the costliest step.
            if loudFrames % 2 == 1 { lastPitch = pitch.estimate() }
            framePitch = lastPitch
            if let framePitch {
                pitchSum += framePitch
                voicedFrames += 1
            }
        } else {
            lastPitch = nil
        }
        agitation.process(level: levels.rmsDBFS, isSpeech: detector.inSpeech && loud, pitch: framePitch)
        let nucleus = syllables.process(level: levels.rmsDBFS, index: index, isSpeech: detector.inSpeech || loud)
        let episode = episodes.process(
            index: index, level: detector.smoothedLevel, isSpeech: detector.inSpeech && loud, pitch: framePitch)
        return FrameResult(
            index: index, levels: levels, transition: transition, replayed: detector.replayed, inSpeech: detector.inSpeech,
            pitch: framePitch, agitation: agitation.level, isNucleus: nucleus, episode: episode,
            episodeFrames: episodes.ongoingFrames)
    }

    /// Closes an open speech segment at the end of the call. A leg shorter than its start-up
    /// has its earlier transitions in `replayed` after this.
    public mutating func finish() -> VoiceActivityDetector.Transition? {
        detector.finish()
    }

    /// The start-up's transitions decided by the last `process` or `finish`, if it ended there.
    public var replayed: [VoiceActivityDetector.Transition] { detector.replayed }

    /// Ends an agitation episode still under way at the end of the call.
    public mutating func finishEpisode() -> AgitationEpisodeDetector.Change? {
        episodes.finish()
    }
}
