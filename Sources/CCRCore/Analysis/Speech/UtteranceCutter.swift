/// Cuts one leg's frames into utterances for transcription, following the leg's voice activity:
/// an utterance starts a margin before a speech segment (the detector dates its onsets back, so
/// the last frames are kept in a ring to reach them), ends a margin after it, and speech longer
/// than the cap is cut at its quietest frame near the cap, the rest going on in the next one.
///
/// Pure and per leg, owned by `CallAnalysis`; costs a copy of each frame into the ring.
struct UtteranceCutter: Sendable {
    /// A cut utterance: its first frame and its samples.
    struct Cut: Sendable, Equatable {
        var firstFrame: Int64
        var samples: [Float]
    }

    let settings: UtteranceSettings
    private let marginFrames: Int64
    private let maxFrames: Int
    private let minSpeechFrames: Int64
    private let searchFrames: Int
    /// The last frames, whatever they hold, by index modulo the capacity.
    private var ringSamples: [Float]
    private var ringLevels: [Float]
    private var ringIndex: [Int64]
    private let ringCapacity: Int
    /// The utterance under way: its first frame, samples and per-frame levels.
    private var firstFrame: Int64 = 0
    private var samples: [Float] = []
    private var levels: [Float] = []
    private var speechStart: Int64 = 0
    private var active = false
    /// Where the last utterance ended: the next never reaches back over it.
    private var lastEnd: Int64 = 0

    init(settings: UtteranceSettings, vad: VoiceActivityDetector.Settings) {
        self.settings = settings
        marginFrames = max(0, Int64((settings.marginSeconds / 0.02).rounded()))
        maxFrames = max(10, Int((settings.maxSeconds / 0.02).rounded()))
        minSpeechFrames = max(1, Int64((settings.minSpeechSeconds / 0.02).rounded()))
        searchFrames = max(1, min(maxFrames / 2, Int((settings.cutSearchSeconds / 0.02).rounded())))
        // An onset is dated back at most `lookbackFrames` before the frames that confirmed it;
        // the start-up's transitions come when it ends, up to `startupFrames` late.
        ringCapacity = max(vad.lookbackFrames, vad.startupFrames) + vad.minSpeechFrames + vad.bridgeFrames + Int(marginFrames) + 2
        ringSamples = Array(repeating: 0, count: ringCapacity * Frame.sampleCount)
        ringLevels = Array(repeating: 0, count: ringCapacity)
        ringIndex = Array(repeating: -1, count: ringCapacity)
    }

    /// Takes frame `index` with its speech transition (if any), after the start-up's `replayed`
    /// ones when it ends there; returns the utterances it completes.
    mutating func take(
        _ frameSamples: [Float], index: Int64, meanSquare: Double, transition: VoiceActivityDetector.Transition?,
        replayed: [VoiceActivityDetector.Transition] = []
    ) -> [Cut] {
        let slot = Int(index % Int64(ringCapacity))
        let level = Float(meanSquare)
        frameSamples.withUnsafeBufferPointer { source in
            ringSamples.withUnsafeMutableBufferPointer { ring in
                let base = slot * Frame.sampleCount
                for offset in 0..<min(source.count, Frame.sampleCount) { ring[base + offset] = source[offset] }
            }
        }
        ringLevels[slot] = level
        ringIndex[slot] = index
        var cuts: [Cut] = []
        if active {
            samples.append(contentsOf: frameSamples)
            levels.append(level)
        }
        for earlier in replayed { hear(earlier, now: index, into: &cuts) }
        if let transition { hear(transition, now: index, into: &cuts) }
        if active && levels.count >= maxFrames { cuts.append(cutAtQuietFrame()) }
        return cuts
    }

    private mutating func hear(_ transition: VoiceActivityDetector.Transition, now index: Int64, into cuts: inout [Cut]) {
        switch transition {
        case .started(let at):
            if !active { begin(speechAt: at, now: index) }
        case .ended(let at):
            if active, let cut = close(at: min(at + marginFrames, index + 1), speechEnd: at) { cuts.append(cut) }
        }
    }

    /// The call is over: the utterance under way, if long enough (after the leg's last
    /// transitions, `replayed`, when it ended during its start-up).
    mutating func finish(at end: Int64, replayed: [VoiceActivityDetector.Transition] = []) -> [Cut] {
        var cuts: [Cut] = []
        for transition in replayed { hear(transition, now: end - 1, into: &cuts) }
        if active, let cut = close(at: end, speechEnd: end) { cuts.append(cut) }
        return cuts
    }

    private mutating func begin(speechAt at: Int64, now: Int64) {
        let oldest = now - Int64(ringCapacity) + 1
        firstFrame = max(at - marginFrames, lastEnd, oldest, 0)
        samples.removeAll()
        levels.removeAll()
        var frame = firstFrame
        while frame <= now {
            let slot = Int(frame % Int64(ringCapacity))
            if ringIndex[slot] == frame {
                samples.append(contentsOf: ringSamples[(slot * Frame.sampleCount)..<((slot + 1) * Frame.sampleCount)])
                levels.append(ringLevels[slot])
            } else {
                samples.append(contentsOf: repeatElement(0, count: Frame.sampleCount))
                levels.append(0)
            }
            frame += 1
        }
        speechStart = max(at, firstFrame)
        active = true
    }

    /// Ends the utterance before frame `end`; nil when it held too little speech.
    private mutating func close(at end: Int64, speechEnd: Int64) -> Cut? {
        active = false
        let frames = Int(max(0, min(Int64(levels.count), end - firstFrame)))
        lastEnd = firstFrame + Int64(frames)
        // The buffer goes with the cut: a quiet leg holds only its ring.
        defer {
            samples = []
            levels = []
        }
        guard speechEnd - speechStart >= minSpeechFrames, frames > 0 else { return nil }
        return Cut(firstFrame: firstFrame, samples: Array(samples.prefix(frames * Frame.sampleCount)))
    }

    /// At the cap: the utterance ends at the quietest frame of its last `searchFrames`, and the
    /// frames from there start the next one (still speech).
    private mutating func cutAtQuietFrame() -> Cut {
        var quietest = levels.count - 1
        for frame in stride(from: levels.count - 1, through: levels.count - searchFrames, by: -1) where levels[frame] < levels[quietest] {
            quietest = frame
        }
        let cut = Cut(firstFrame: firstFrame, samples: Array(samples.prefix(quietest * Frame.sampleCount)))
        samples.removeFirst(quietest * Frame.sampleCount)
        levels.removeFirst(quietest)
        firstFrame += Int64(quietest)
        speechStart = firstFrame
        return cut
    }
}
