/// What one leg's transport has counted since it started: the figures its network quality is
/// computed from. A leg source reports them; analysis turns them into MOS, loss and jitter.
public struct TransportCounters: Sendable, Equatable {
    /// Packets that never came in time (concealed).
    public var lost: Int
    /// Packets that should have come: handed out, plus lost.
    public var expected: Int
    /// RFC 3550 interarrival jitter now, ms.
    public var jitterMs: Double
    /// Delay the receiver adds itself: its jitter buffer, ms.
    public var jitterBufferMs: Double
    /// Audio per packet, ms.
    public var packetMs: Double
    /// The codec's E-model constants.
    public var codec: EModel.CodecImpairment

    public init(lost: Int, expected: Int, jitterMs: Double, jitterBufferMs: Double, packetMs: Double, codec: EModel.CodecImpairment) {
        self.lost = lost
        self.expected = expected
        self.jitterMs = jitterMs
        self.jitterBufferMs = jitterBufferMs
        self.packetMs = packetMs
        self.codec = codec
    }
}
