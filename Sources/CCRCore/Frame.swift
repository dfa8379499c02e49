/// 20 ms of 16 kHz mono PCM from one leg: the unit everything after ingest works on.
///
/// `start` is media time (derived from RTP timestamps, not the wall clock), so a file
/// replayed fast and the same file streamed live produce the same frames.
public struct Frame: Sendable {
    /// Samples per second of every frame.
    public static let sampleRate = 16_000
    /// Samples in every frame (20 ms at 16 kHz).
    public static let sampleCount = 320

    /// The leg this audio belongs to.
    public var leg: Leg
    /// Start of the frame on the call's media timeline, in samples at 16 kHz.
    public var start: Int64
    /// Exactly `sampleCount` samples in -1 ... 1.
    public var samples: [Float]
    /// True when the audio was synthesized: loss concealment or silence filling a gap.
    public var isConcealed: Bool

    public init(leg: Leg, start: Int64, samples: [Float], isConcealed: Bool = false) {
        precondition(samples.count == Frame.sampleCount, "a frame holds exactly \(Frame.sampleCount) samples")
        self.leg = leg
        self.start = start
        self.samples = samples
        self.isConcealed = isConcealed
    }

    /// Start of the frame in seconds of media time.
    public var startSeconds: Double { Double(start) / Double(Frame.sampleRate) }

    /// Mean of the squared samples (full-scale square wave = 1).
    public var meanSquare: Float {
        var sum: Float = 0
        for sample in samples { sum += sample * sample }
        return sum / Float(samples.count)
    }
}
