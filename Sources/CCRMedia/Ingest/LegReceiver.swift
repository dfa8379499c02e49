import CCRCore
import NIOCore

/// One leg's path from datagram to frames: source check, RTP parsing, statistics, jitter
/// buffer, decoding and concealment, re-framing on media time.
///
/// Owned by one event loop and driven synchronously by it: no locks, no hops per packet.
public struct LegReceiver {
    /// Settings a leg needs from the call and the configuration.
    public struct Settings: Sendable {
        public var codec: Codec
        /// Payload types accepted for the codec.
        public var payloadTypes: Set<UInt8>
        /// How long a missing packet is waited for.
        public var jitterBufferMilliseconds: Int
        /// Only datagrams from this IP address are accepted, when set.
        public var allowedSource: String?
        /// Longest gap in timestamps filled with silence; longer gaps skip ahead.
        public var maxSilenceFillSamples: Int64

        public init(
            codec: Codec, payloadTypes: Set<UInt8>, jitterBufferMilliseconds: Int, allowedSource: String? = nil,
            maxSilenceFillSamples: Int64 = 16_000 * 30
        ) {
            self.codec = codec
            self.payloadTypes = payloadTypes
            self.jitterBufferMilliseconds = jitterBufferMilliseconds
            self.allowedSource = allowedSource
            self.maxSilenceFillSamples = maxSilenceFillSamples
        }
    }

    /// What became of one datagram.
    public enum Outcome: Equatable, Sendable {
        case rtp
        case rtcp(bye: Bool)
        case dropped
    }

    public let leg: Leg
    public let settings: Settings
    public private(set) var statistics: LegStatistics

    private var decoder: any AudioDecoder
    private var buffer: JitterBuffer<ByteBuffer>
    private var interarrival: InterarrivalJitter
    private var latchedSource: SocketAddress?
    /// `settings.allowedSource` parsed once; an unparsable one admits nothing.
    private let allowedHost: SocketAddress?
    private var reframer: Reframer?
    private var originTimestamp: Int64 = 0
    private var originPosition: Int64 = 0
    private var lastPacketSamples = 320
    private var decodedSamples: Int64 = 0
    private var concealedSamples: Int64 = 0
    private var scratch: [Float] = []
    private var timestamps = TimestampUnwrapper()
    private var lostBefore = 0
    private var duplicatesBefore = 0
    private var reorderedBefore = 0
    private var lateBefore = 0
    private var releasedBefore = 0
    /// Monotonic time of the last accepted packet, nanoseconds.
    public private(set) var lastArrival: Int64?

    public init(leg: Leg, settings: Settings) throws(OpusDecoder.CreationError) {
        self.leg = leg
        self.settings = settings
        self.statistics = LegStatistics(codec: settings.codec)
        // Validated before it gets here; were it not, 0.0.0.0 admits no sender.
        self.allowedHost = settings.allowedSource.map {
            (try? SocketAddress(ipAddress: $0, port: 0)) ?? (try! SocketAddress(ipAddress: "0.0.0.0", port: 0))
        }
        self.decoder = try Self.makeDecoder(settings.codec)
        self.buffer = JitterBuffer(depth: Self.depthTicks(settings))
        self.interarrival = InterarrivalJitter(clockRate: settings.codec.clockRate)
        scratch.reserveCapacity(OpusDecoder.maxSamples * 2)
    }

    private static func makeDecoder(_ codec: Codec) throws(OpusDecoder.CreationError) -> any AudioDecoder {
        codec == .opus ? try OpusDecoder() : G711Decoder(codec: codec)
    }

    private static func depthTicks(_ settings: Settings) -> Int64 {
        Int64(settings.jitterBufferMilliseconds) * Int64(settings.codec.clockRate) / 1000
    }

    /// Records the UDP port the leg listens on, for the API.
    public mutating func setPort(_ port: Int) {
        statistics.port = port
    }

    /// Media time (16 kHz samples) up to which audio has been produced.
    public var position: Int64? { reframer?.position }

    /// SSRC of the first RTP packet in `datagram`, without a full parse.
    public static func peekSSRC(_ datagram: ByteBuffer) -> UInt32? {
        guard datagram.readableBytes >= RTPPacket.fixedHeaderLength,
            let b0 = datagram.getInteger(at: datagram.readerIndex, as: UInt8.self), b0 >> 6 == 2
        else { return nil }
        return datagram.getInteger(at: datagram.readerIndex + 8, as: UInt32.self)
    }

    /// Takes one datagram. `origin` is where on the call's media timeline this leg starts if
    /// this is its first packet (or the first of a new SSRC).
    public mutating func receive(
        _ datagram: ByteBuffer, from address: SocketAddress, arrival: Int64, origin: Int64,
        emit: (Frame) -> Void
    ) -> Outcome {
        if let allowedHost, !address.isSameHost(as: allowedHost) {
            statistics.foreignSource += 1
            return .dropped
        }
        if RTCPPacket.isRTCP(datagram) {
            // RTCP comes from the sender's next port: only its address must match.
            if let latchedSource, !latchedSource.isSameHost(as: address) {
                statistics.foreignSource += 1
                return .dropped
            }
            return receiveRTCP(datagram)
        }
        if let latchedSource, latchedSource != address {
            statistics.foreignSource += 1
            return .dropped
        }
        let packet: RTPPacket
        do {
            packet = try RTPPacket(parsing: datagram)
        } catch {
            statistics.malformed += 1
            return .dropped
        }
        guard settings.payloadTypes.contains(packet.payloadType) else {
            statistics.unknownPayloadType += 1
            return .dropped
        }
        if latchedSource == nil {
            latchedSource = address
            statistics.source = Self.describe(address)
        }
        if statistics.ssrc != packet.ssrc {
            startStream(packet, origin: origin, emit: emit)
        }
        statistics.packets += 1
        statistics.bytes += datagram.readableBytes
        statistics.payloadType = packet.payloadType
        lastArrival = arrival
        interarrival.record(timestamp: timestamps.unwrap(packet.timestamp), arrivalNanoseconds: arrival)
        statistics.jitterMs = interarrival.milliseconds
        buffer.insert(sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp, element: packet.payload)
        while let slot = buffer.next() {
            play(slot, emit: emit)
        }
        copyBufferStatistics()
        return .rtp
    }

    private mutating func receiveRTCP(_ datagram: ByteBuffer) -> Outcome {
        guard let sources = RTCPPacket.byeSources(in: datagram) else {
            statistics.malformed += 1
            return .dropped
        }
        statistics.rtcpPackets += 1
        // A BYE for our SSRC, or any BYE before the first RTP packet, ends the leg.
        let bye = sources.contains { $0 == statistics.ssrc } || (statistics.ssrc == nil && !sources.isEmpty)
        if bye { statistics.bye = true }
        return .rtcp(bye: bye)
    }

    /// First packet, or a new SSRC from the same sender: restart the stream state.
    private mutating func startStream(_ packet: RTPPacket, origin: Int64, emit: (Frame) -> Void) {
        if statistics.ssrc != nil {
            statistics.ssrcChanges += 1
            flush(emit: emit)
        }
        statistics.ssrc = packet.ssrc
        statistics.bye = false
        let counts = buffer.statistics
        lostBefore += counts.lost
        duplicatesBefore += counts.duplicates
        reorderedBefore += counts.reordered
        lateBefore += counts.late
        releasedBefore += counts.released
        buffer = JitterBuffer(depth: Self.depthTicks(settings))
        interarrival = InterarrivalJitter(clockRate: settings.codec.clockRate)
        if let decoder = try? Self.makeDecoder(settings.codec) { self.decoder = decoder }
        var start = origin - origin % Int64(Frame.sampleCount)
        if var reframer {
            start = max(start, reframer.position)
            reframer.jump(to: start, emit: emit)
            start = reframer.position
            self.reframer = reframer
        } else {
            reframer = Reframer(leg: leg, start: start)
        }
        originPosition = start
        originTimestamp = Int64(packet.timestamp)
        timestamps = TimestampUnwrapper()
        _ = timestamps.unwrap(packet.timestamp)
    }

    /// Hands out everything the jitter buffer holds (the stream went quiet or ends).
    public mutating func flush(emit: (Frame) -> Void) {
        for slot in buffer.drain() { play(slot, emit: emit) }
        copyBufferStatistics()
    }

    /// Flushes and completes the last partial frame: the leg is over.
    public mutating func finish(emit: (Frame) -> Void) {
        flush(emit: emit)
        reframer?.flush(emit: emit)
    }

    private mutating func play(_ slot: JitterBuffer<ByteBuffer>.Slot, emit: (Frame) -> Void) {
        guard var reframer else { return }
        defer { self.reframer = reframer }
        scratch.removeAll(keepingCapacity: true)
        switch slot {
        case .packet(_, let rawTimestamp, let payload):
            // The buffer's timestamps are unwrapped from its own first packet; rebase on ours.
            let timestamp = timestamps.unwrap(UInt32(truncatingIfNeeded: rawTimestamp))
            let target = originPosition + (timestamp - originTimestamp) * Int64(Frame.sampleRate)
                / Int64(settings.codec.clockRate)
            let gap = target - reframer.position
            if gap > settings.maxSilenceFillSamples {
                reframer.jump(to: target, emit: emit)
            } else if gap > 0 {
                fillSilence(Int(gap), reframer: &reframer, emit: emit)
            }
            let produced: Int
            var concealed = false
            do {
                produced = try decoder.decode(payload, into: &scratch)
                lastPacketSamples = produced
            } catch {
                statistics.decodeErrors += 1
                produced = decoder.conceal(samples: lastPacketSamples, following: nil, into: &scratch)
                concealed = true
            }
            // Drop whatever overlaps audio already produced (concealment that ran long).
            let overlap = Int(min(max(reframer.position - target, 0), Int64(produced)))
            let usable = scratch[overlap..<produced]
            decodedSamples += Int64(usable.count)
            if concealed { concealedSamples += Int64(usable.count) }
            reframer.append(usable, concealed: concealed, emit: emit)
        case .lost(_, let following):
            let produced = decoder.conceal(samples: lastPacketSamples, following: following, into: &scratch)
            decodedSamples += Int64(produced)
            concealedSamples += Int64(produced)
            reframer.append(scratch[0..<produced], concealed: true, emit: emit)
        }
    }

    /// Silence for a gap in timestamps (silence suppression, DTX), in bounded chunks so a long
    /// gap never grows the scratch buffer beyond one maximal packet.
    private mutating func fillSilence(_ samples: Int, reframer: inout Reframer, emit: (Frame) -> Void) {
        var remaining = samples
        while remaining > 0 {
            let chunk = min(remaining, OpusDecoder.maxSamples)
            scratch.removeAll(keepingCapacity: true)
            decoder.silence(samples: chunk, into: &scratch)
            concealedSamples += Int64(scratch.count)
            decodedSamples += Int64(scratch.count)
            reframer.append(scratch[...], concealed: true, emit: emit)
            remaining -= chunk
        }
        scratch.removeAll(keepingCapacity: true)
    }

    private mutating func copyBufferStatistics() {
        let counts = buffer.statistics
        statistics.lost = lostBefore + counts.lost
        statistics.duplicates = duplicatesBefore + counts.duplicates
        statistics.reordered = reorderedBefore + counts.reordered
        statistics.late = lateBefore + counts.late
        statistics.decodedSeconds = Double(decodedSamples) / Double(Frame.sampleRate)
        statistics.concealedSeconds = Double(concealedSamples) / Double(Frame.sampleRate)
    }

    /// Statistics with the quality estimate filled in.
    public func snapshot() -> LegStatistics {
        var statistics = self.statistics
        let expected = releasedBefore + buffer.statistics.released + statistics.lost
        if expected > 0 {
            let lossPercent = 100 * Double(statistics.lost) / Double(expected)
            let packetMs = Double(lastPacketSamples) / 16
            statistics.mos = EModel.mos(
                lossPercent: lossPercent, jitterMs: statistics.jitterMs,
                jitterBufferMs: Double(settings.jitterBufferMilliseconds), packetMs: packetMs,
                codec: settings.codec == .opus ? .opus : .g711)
        }
        return statistics
    }

    static func describe(_ address: SocketAddress) -> String {
        "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }
}
