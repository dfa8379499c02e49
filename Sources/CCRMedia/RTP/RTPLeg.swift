import CCRCore
import NIOCore

/// A leg fed by RTP: the stream (sender, parsing, payload types, SSRC), the jitter buffer
/// (order and loss) and the playout (decoding, concealment, silence, media time), in that
/// order, as one `LegSource`.
///
/// Owned by one event loop and driven synchronously by it: no locks, no hops per packet.
public final class RTPLeg: LegSource {
    /// Settings a leg needs from the call and the configuration.
    public struct Settings: Sendable {
        public var codec: Codec
        /// Payload types accepted for the codec.
        public var payloadTypes: Set<UInt8>
        /// How long a missing packet is waited for.
        public var jitterBufferMilliseconds: Int
        /// Only datagrams from this IP address are accepted, when set; the leg then latches on
        /// to the first valid packet from it.
        public var allowedSource: String?
        /// Most silence one packet may add for a gap in timestamps (16 kHz samples); a longer
        /// gap is a discontinuity: the audio continues where the leg is.
        public var maxSilenceFillSamples: Int64
        /// Packets in sequence from one address before a leg without `allowedSource` latches on
        /// to it (they are held, then used).
        public var learningPackets: Int
        /// How far (16 kHz samples) a sender's timestamps may run ahead of the time that passed
        /// on our clock before the leg resynchronizes instead of synthesizing the gap.
        public var resyncThresholdSamples: Int64

        public init(
            codec: Codec, payloadTypes: Set<UInt8>, jitterBufferMilliseconds: Int, allowedSource: String? = nil,
            maxSilenceFillSamples: Int64 = Int64(Frame.sampleRate), learningPackets: Int = 1,
            resyncThresholdSamples: Int64 = Int64(Frame.sampleRate)
        ) {
            self.codec = codec
            self.payloadTypes = payloadTypes
            self.jitterBufferMilliseconds = jitterBufferMilliseconds
            self.allowedSource = allowedSource
            self.maxSilenceFillSamples = maxSilenceFillSamples
            self.learningPackets = learningPackets
            self.resyncThresholdSamples = resyncThresholdSamples
        }
    }

    /// What became of one datagram.
    public enum Outcome: Equatable, Sendable {
        case rtp
        /// Valid RTP held while the leg learns its source (used once it latches).
        case held
        case rtcp(bye: Bool)
        case dropped
    }

    /// Time a line may be quiet, beyond the jitter buffer's depth, before silence continues it.
    static let quietFillGrace: Int64 = 240_000_000

    public let leg: Leg
    public let settings: Settings
    private var stream: RTPStream
    private var buffer: JitterBuffer<Playout.Payload>
    private var playout: Playout
    /// The buffer's depth in nanoseconds: a line quiet this long has its buffered packets played.
    private let quietFlush: Int64
    /// A line quiet this long is continued with silence.
    private let quietFill: Int64

    public init(leg: Leg, settings: Settings) throws(OpusDecoder.CreationError) {
        self.leg = leg
        self.settings = settings
        self.stream = RTPStream(
            codec: settings.codec, payloadTypes: settings.payloadTypes, allowedSource: settings.allowedSource,
            learningPackets: settings.learningPackets)
        self.buffer = JitterBuffer(depth: Int64(settings.jitterBufferMilliseconds) * Int64(settings.codec.clockRate) / 1000)
        self.playout = try Playout(
            leg: leg, codec: settings.codec, maxSilenceFillSamples: settings.maxSilenceFillSamples,
            resyncThresholdSamples: settings.resyncThresholdSamples)
        self.quietFlush = Int64(settings.jitterBufferMilliseconds) * 1_000_000
        self.quietFill = quietFlush + Self.quietFillGrace
    }

    /// The sender the leg latched on to, once it has.
    public var latchedAddress: SocketAddress? { stream.latchedAddress }

    /// SSRC the leg follows, once RTP has come.
    public var ssrc: UInt32? { stream.counters.ssrc }

    /// Monotonic time of the last packet accepted or held, nanoseconds.
    public var lastArrival: Int64? { stream.lastArrival }

    /// Media time (16 kHz samples) up to which audio has been produced.
    public var position: Int64? { playout.position }

    /// UDP port the leg listens on, shown by the API.
    public var port: Int?

    /// The leg's first stream: its SSRC, its first packet's timestamp, and where that packet was
    /// placed. With a sender report for that SSRC it gives the leg's `senderClock`.
    private var firstStream: (ssrc: UInt32, timestamp: UInt32, position: Int64)?

    /// The leg's timeline on its sender's wall clock, once a sender report for the leg's first
    /// stream has come (before or after its first packet).
    public var senderClock: SenderClock? {
        guard let firstStream, let report = stream.senderReport, report.ssrc == firstStream.ssrc else { return nil }
        return SenderClock(
            position: firstStream.position,
            wallClock: report.wallClock(atTimestamp: firstStream.timestamp, clockRate: settings.codec.clockRate))
    }

    // MARK: Packets

    /// Takes one datagram (`parsed`: its RTP packet, when the caller parsed it already).
    /// `origin` is where on the call's media timeline this leg starts if this is its first packet
    /// (or the first of a new SSRC).
    public func receive(
        _ datagram: ByteBuffer, parsed: RTPPacket? = nil, from address: SocketAddress, arrival: Int64, origin: Int64,
        emit: (Frame) -> Void
    ) -> Outcome {
        switch stream.admit(datagram, parsed: parsed, from: address, arrival: arrival, origin: origin) {
        case .accepted(let packet):
            play(packet, emit: emit)
            return .rtp
        case .latched(let held, let current):
            for packet in held { play(packet, emit: emit) }
            guard let current else { return .dropped }
            play(current, emit: emit)
            return .rtp
        case .held:
            return .held
        case .rtcp(let bye):
            return .rtcp(bye: bye)
        case .dropped:
            return .dropped
        }
    }

    /// Buffers an accepted packet and plays every slot that is ready.
    private func play(_ accepted: RTPStream.Accepted, emit: (Frame) -> Void) {
        if accepted.startsStream {
            // A new stream: what the old one left is played, then its timeline starts afresh.
            flush(emit: emit)
            buffer.restart()
            playout.restart(origin: accepted.origin, emit: emit)
            if firstStream == nil {
                firstStream = (accepted.packet.ssrc, accepted.packet.timestamp, playout.streamOrigin)
            }
        }
        playout.noteArrival(accepted.arrival)
        let packet = accepted.packet
        buffer.insert(
            sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
            element: accepted.kind == .audio ? .audio(packet.payload, arrival: accepted.arrival) : .comfortNoise(arrival: accepted.arrival))
        while let slot = buffer.next() {
            playout.play(slot, lastArrival: stream.lastArrival, emit: emit)
        }
    }

    /// Hands out everything the jitter buffer holds (the stream went quiet or ends).
    public func flush(emit: (Frame) -> Void) {
        for slot in buffer.drain() { playout.play(slot, lastArrival: stream.lastArrival, emit: emit) }
    }

    // MARK: Time passing

    public var lastActivity: Int64? { stream.lastArrival }

    public var senderEnded: Bool { stream.counters.bye }

    /// A quiet line: its buffered packets are played once nothing more can come in time, and
    /// silence continues it (silence suppression without comfort noise, or a sender that
    /// stopped) so the conversation's clock keeps running.
    public func advance(now: Int64, emit: (Frame) -> Void) {
        guard let lastArrival = stream.lastArrival else { return }
        if now - lastArrival > quietFlush { flush(emit: emit) }
        fillSilence(now: now, margin: quietFill, emit: emit)
    }

    /// Silence up to `margin` nanoseconds short of the time elapsed since the last packet
    /// (see `Playout.fillSilence`); nothing while packets wait in the buffer.
    public func fillSilence(now: Int64, margin: Int64, emit: (Frame) -> Void) {
        guard let lastArrival = stream.lastArrival, buffer.count == 0 else { return }
        playout.fillSilence(now: now, lastArrival: lastArrival, margin: margin, emit: emit)
    }

    /// Silence up to media position `target` (16 kHz samples).
    func fillSilence(upTo target: Int64, emit: (Frame) -> Void) {
        guard buffer.count == 0 else { return }
        playout.fillSilence(upTo: target, emit: emit)
    }

    /// Flushes and completes the last partial frame: the leg is over.
    public func finish(emit: (Frame) -> Void) {
        flush(emit: emit)
        playout.finish(emit: emit)
    }

    // MARK: Figures

    public var transport: TransportCounters? {
        let counts = buffer.statistics
        return TransportCounters(
            lost: counts.lost, expected: counts.released + counts.lost, jitterMs: stream.jitterMs,
            jitterBufferMs: Double(settings.jitterBufferMilliseconds),
            packetMs: Double(playout.packetSamples) * 1000 / Double(Frame.sampleRate),
            codec: settings.codec == .opus ? .opus : .g711)
    }

    public var statistics: LegStatistics? { figures }

    /// The stream's counters with the buffer's and the playout's, and the transport counters.
    public var figures: LegStatistics {
        var statistics = stream.counters
        statistics.port = port
        let counts = buffer.statistics
        statistics.lost = counts.lost
        statistics.duplicates = counts.duplicates
        statistics.reordered = counts.reordered
        statistics.late = counts.late
        statistics.jitterMs = stream.jitterMs
        let rate = Double(Frame.sampleRate)
        statistics.decodedSeconds = Double(playout.decodedSamples) / rate
        statistics.concealedSeconds = Double(playout.concealedSamples) / rate
        statistics.quietFillSeconds = Double(playout.quietFillSamples) / rate
        statistics.decodeErrors = playout.decodeErrors
        statistics.timestampJumps = playout.timestampJumps
        statistics.aheadOfTime = playout.aheadOfTime
        statistics.transport = transport
        return statistics
    }
}
