import CCRCore

/// One leg of an automatic PulseAudio line (`PulseStation`): its record stream, the blocks the
/// line keeps back from calls, and whether someone speaks on it, by the analysis's own voice
/// activity detector (so the line and the call's analysis agree on what speech is).
/// Confined to the line's event loop.
struct StationLeg {
    /// A block as capture handed it over.
    struct Block {
        var samples: [Int16]
        /// When it was handed over (monotonic ns): it places the block on a call's timeline.
        var arrival: Int64
        /// The first block of a stream opened again after a loss: a call starts a gap here.
        var startsStream = false
    }

    let leg: Leg
    let source: String
    /// The record stream, while one is open.
    var capture: PulseCapture?
    var reconnection = Reconnection()
    /// When the last block came, or the stream opened (monotonic ns).
    var lastBlock: Int64?
    /// The stream was opened again after a loss: the next block starts it.
    var restarting = false
    /// Blocks not (yet) handed to a call, oldest first.
    private(set) var kept: [Block] = []
    /// Since when the leg is silent (monotonic ns); meaningless while it speaks.
    private(set) var silentSince: Int64
    private let settings: VoiceActivityDetector.Settings
    private var detector: VoiceActivityDetector
    /// Samples of the frame being filled, as floats, for the detector.
    private var frame: [Float] = []
    private var frameIndex: Int64 = 0

    init(leg: Leg, source: String, vad: VoiceActivityDetector.Settings, now: Int64) {
        self.leg = leg
        self.source = source
        // Activity must be heard as it comes, to start the call with its first words: the
        // detector decides each frame at once (the call's own analysis then decides again).
        var settings = vad
        settings.startupFrames = 0
        self.settings = settings
        self.detector = VoiceActivityDetector(settings: settings)
        self.silentSince = now
        frame.reserveCapacity(Frame.sampleCount)
    }

    var isSpeaking: Bool { detector.inSpeech }

    /// Takes a block: keeps it, and listens to it frame by frame. True when speech began in it.
    mutating func hear(_ block: Block) -> Bool {
        lastBlock = block.arrival
        var block = block
        block.startsStream = restarting
        restarting = false
        kept.append(block)
        var began = false
        for sample in block.samples {
            frame.append(Float(sample) / 32_768)
            guard frame.count == Frame.sampleCount else { continue }
            let levels = FrameLevels(measuring: frame)
            let transition = detector.process(
                samples: frame, level: levels.rmsDBFS, meanSquare: levels.meanSquare, index: frameIndex)
            frame.removeAll(keepingCapacity: true)
            switch transition {
            case .started?: began = true
            case .ended?: silentSince = block.arrival
            case nil: break
            }
            frameIndex += 1
        }
        return began
    }

    /// The stream went away at `now`: the leg is silent from then, and a new stream is heard
    /// afresh.
    mutating func lost(at now: Int64) {
        capture?.stop()
        capture = nil
        if detector.inSpeech { silentSince = now }
        detector = VoiceActivityDetector(settings: settings)
        frame.removeAll(keepingCapacity: true)
    }

    /// Hands over the kept blocks and forgets them.
    mutating func takeKept() -> [Block] {
        defer { kept.removeAll(keepingCapacity: true) }
        return kept
    }

    /// Forgets kept blocks that arrived before `time`.
    mutating func forget(before time: Int64) {
        guard let first = kept.firstIndex(where: { $0.arrival >= time }) else {
            kept.removeAll(keepingCapacity: true)
            return
        }
        if first > 0 { kept.removeFirst(first) }
    }
}
