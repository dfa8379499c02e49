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
            maxSilenceFillSamples: Int64 = 16_000, learningPackets: Int = 1, resyncThresholdSamples: Int64 = 16_000
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

    /// What a buffered packet holds, with its arrival (monotonic nanoseconds).
    enum Payload {
        case audio(ByteBuffer, arrival: Int64)
        /// RFC 3389 comfort noise: the sender is in silence; it shares the audio's sequence numbers.
        case comfortNoise(arrival: Int64)

        var arrival: Int64 {
            switch self {
            case .audio(_, let arrival), .comfortNoise(let arrival): arrival
            }
        }
    }

    /// Static payload type of comfort noise (RFC 3389), accepted on every leg.
    static let comfortNoiseType: UInt8 = 13

    public let leg: Leg
    public let settings: Settings
    public private(set) var statistics: LegStatistics

    private var decoder: any AudioDecoder
    private var buffer: JitterBuffer<Payload>
    private var interarrival: InterarrivalJitter
    private var latchedSource: SocketAddress?
    private var learner: SourceLearner
    /// Packets of the learning runs, with their sender, arrival and origin; the winner's are
    /// used once the leg latches, the others counted as foreign.
    private var held: [(datagram: ByteBuffer, address: SocketAddress, arrival: Int64, origin: Int64)] = []
    /// Arrival of the stream's first packet, which sits at `originPosition`: with it, a
    /// packet's arrival tells where on the media timeline "now" was when it came.
    private var streamArrival: Int64?
    /// `settings.allowedSource` parsed once; an unparsable one admits nothing.
    private let allowedHost: SocketAddress?
    private var reframer: Reframer?
    private var originPosition: Int64 = 0
    /// Timestamp (as the buffer unwraps it) and media position of the last packet played.
    private var lastPlayed: (timestamp: Int64, position: Int64)?
    /// Media position where the next lost slot's concealment belongs.
    private var expectedPosition: Int64 = 0
    /// The dynamic payload type carrying audio, latched from the first packet that uses one.
    private var audioPayloadType: UInt8?
    private var lastPacketSamples = 320
    private var decodedSamples: Int64 = 0
    private var concealedSamples: Int64 = 0
    private var scratch: [Float] = []
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
        self.learner = SourceLearner(required: settings.allowedSource == nil ? settings.learningPackets : 1)
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

    /// The sender the leg latched on to, once it has.
    public var latchedAddress: SocketAddress? { latchedSource }

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
        if latchedSource == nil {
            // Audio, comfort noise and events (DTMF) all carry the stream's sequence numbers.
            let type = packet.payloadType
            guard settings.payloadTypes.contains(type) || type == Self.comfortNoiseType || (96...127).contains(type) else {
                statistics.unknownPayloadType += 1
                return .dropped
            }
            let observation = learner.observe(address: address, ssrc: packet.ssrc, sequence: packet.sequenceNumber)
            if let broken = observation.restartedAddress {
                // That address's run was broken: what it sent is not used.
                let before = held.count
                held.removeAll { $0.address == broken }
                statistics.foreignSource += before - held.count
            }
            guard observation.learned else {
                // A copy: the datagram is a slice of the socket's whole read buffer, which a held
                // slice would keep alive.
                held.append((ByteBuffer(bytes: datagram.readableBytesView), address, arrival, origin))
                // Media is flowing, even if no one is latched yet: the call is not idle.
                lastArrival = arrival
                return .held
            }
            latchedSource = address
            statistics.source = Self.describe(address)
            let earlier = held
            held.removeAll()
            for packet in earlier {
                guard packet.address == address else {
                    statistics.foreignSource += 1
                    continue
                }
                _ = receive(packet.datagram, from: address, arrival: packet.arrival, origin: packet.origin, emit: emit)
            }
        }
        guard let kind = classify(packet.payloadType) else {
            statistics.unknownPayloadType += 1
            return .dropped
        }
        if statistics.ssrc != packet.ssrc {
            startStream(packet, origin: origin, emit: emit)
        }
        if streamArrival == nil { streamArrival = arrival }
        statistics.packets += 1
        statistics.bytes += datagram.readableBytes
        switch kind {
        case .audio: statistics.payloadType = packet.payloadType
        case .comfortNoise: statistics.comfortNoisePackets += 1
        case .event: statistics.eventPackets += 1
        }
        lastArrival = arrival
        interarrival.record(timestamp: packet.timestamp, arrivalNanoseconds: arrival)
        statistics.jitterMs = interarrival.milliseconds
        buffer.insert(
            sequenceNumber: packet.sequenceNumber, timestamp: packet.timestamp,
            element: kind == .audio ? .audio(packet.payload, arrival: arrival) : .comfortNoise(arrival: arrival))
        while let slot = buffer.next() {
            play(slot, emit: emit)
        }
        copyBufferStatistics()
        return .rtp
    }

    /// What a payload type carries on this leg.
    private enum Kind { case audio, comfortNoise, event }

    /// Audio for the leg's codec; comfort noise (13); other dynamic types on the same stream
    /// (telephone-event DTMF and the like) are not audio but hold their sequence numbers, so
    /// they are buffered as silence rather than counted as loss. Nil: not for this leg.
    private mutating func classify(_ payloadType: UInt8) -> Kind? {
        if payloadType == Self.comfortNoiseType { return .comfortNoise }
        if let audio = audioPayloadType { return payloadType == audio ? .audio : ((96...127).contains(payloadType) ? .event : nil) }
        guard settings.payloadTypes.contains(payloadType) else { return nil }
        audioPayloadType = payloadType
        return .audio
    }

    private mutating func receiveRTCP(_ datagram: ByteBuffer) -> Outcome {
        guard let sources = RTCPPacket.byeSources(in: datagram) else {
            statistics.malformed += 1
            return .dropped
        }
        statistics.rtcpPackets += 1
        // Only a BYE for the SSRC the leg follows ends it; before any RTP, anyone could send one.
        let bye = statistics.ssrc.map { ssrc in sources.contains(ssrc) } ?? false
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
        interarrival = InterarrivalJitter(clockRate: settings.codec.clockRate)
        if let decoder = try? Self.makeDecoder(settings.codec) { self.decoder = decoder }
        restartTimeline(origin: origin, emit: emit)
        audioPayloadType = nil
    }

    /// Plays what is buffered, then starts the stream's timeline afresh at `origin` (or where
    /// the leg is, if later).
    private mutating func restartTimeline(origin: Int64, emit: (Frame) -> Void) {
        flush(emit: emit)
        let counts = buffer.statistics
        lostBefore += counts.lost
        duplicatesBefore += counts.duplicates
        reorderedBefore += counts.reordered
        lateBefore += counts.late
        releasedBefore += counts.released
        buffer = JitterBuffer(depth: Self.depthTicks(settings))
        streamArrival = nil
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
        expectedPosition = start
        lastPlayed = nil
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

    /// Continues a leg that went quiet on the wire (silence suppression without comfort noise,
    /// or a sender that stopped) with silence, so the conversation's clock keeps running.
    ///
    /// The silence reaches `margin` nanoseconds short of the time elapsed since the last packet,
    /// counted from where that packet's audio ended: measured on the leg's own timeline, so a
    /// sender clock that drifts against ours over a long call cannot push the fill past where
    /// its next packet belongs. Audio that still comes for filled time is trimmed as overlap.
    public mutating func fillSilence(now: Int64, margin: Int64, emit: (Frame) -> Void) {
        guard let lastArrival, now - lastArrival > margin else { return }
        var target = expectedPosition + (now - lastArrival - margin) / CallSession.nanosecondsPerSample
        // Never past the clock: lost slots that pushed `expectedPosition` ahead do not count.
        if let clock = clockPosition(at: now) { target = min(target, clock) }
        fillSilence(upTo: target, emit: emit)
    }

    /// Where `arrival` (monotonic nanoseconds) falls on the leg's media timeline, by our clock:
    /// the stream's first packet sits at `originPosition`.
    private func clockPosition(at arrival: Int64) -> Int64? {
        guard let streamArrival else { return nil }
        return originPosition + (arrival - streamArrival) / CallSession.nanosecondsPerSample
    }

    /// Silence up to media position `target`.
    mutating func fillSilence(upTo target: Int64, emit: (Frame) -> Void) {
        guard var reframer, buffer.count == 0, target > reframer.position else { return }
        let samples = target - reframer.position
        let decoded = decodedSamples
        let concealed = concealedSamples
        fillSilence(Int(samples), reframer: &reframer, emit: emit)
        self.reframer = reframer
        // Not audio of the stream: counted apart from what was decoded or concealed.
        decodedSamples = decoded
        concealedSamples = concealed
        statistics.quietFillSeconds += Double(samples) / Double(Frame.sampleRate)
    }

    private mutating func play(_ slot: JitterBuffer<Payload>.Slot, emit: (Frame) -> Void) {
        guard var reframer else { return }
        defer { self.reframer = reframer }
        scratch.removeAll(keepingCapacity: true)
        switch slot {
        case .packet(_, let timestamp, let payload):
            // Where "now" was on the media timeline when the packet came.
            let now = clockPosition(at: payload.arrival) ?? reframer.position
            // A sender faster than real time (a flood of packets) would push the leg ever further
            // ahead of the clock: past the threshold its audio is dropped, not analysed, and the
            // next packet is placed from the last one played.
            if reframer.position > now + settings.resyncThresholdSamples {
                statistics.aheadOfTime += 1
                expectedPosition = max(expectedPosition, reframer.position)
                return
            }
            let target = placement(of: timestamp, reframer: reframer, now: now)
            lastPlayed = (timestamp, target)
            let gap = target - reframer.position
            if gap > settings.maxSilenceFillSamples {
                reframer.jump(to: target, emit: emit)
            } else if gap > 0 {
                fillSilence(Int(gap), reframer: &reframer, emit: emit)
            }
            guard case .audio(let payload, _) = payload else {
                // Comfort noise or an event: the gap up to here is silence (filled above).
                expectedPosition = max(expectedPosition, reframer.position)
                return
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
            expectedPosition = target + Int64(produced)
        case .lost(_, let following):
            // The slot's audio belongs at `expectedPosition`; if silence was filled past it
            // while the line was quiet, that time is already covered.
            let slotEnd = expectedPosition + Int64(lastPacketSamples)
            // A gap in sequence numbers is concealed (and moves the leg on) only while the leg is
            // not ahead of the clock: a sender skipping 200 numbers per packet must not make 4 s
            // of audio, or of silence fill later, each time.
            if let lastArrival, let clock = clockPosition(at: lastArrival), slotEnd > clock + settings.resyncThresholdSamples {
                return
            }
            expectedPosition = slotEnd
            guard reframer.position < slotEnd else { return }
            var next: ByteBuffer?
            if case .audio(let payload, _)? = following { next = payload }
            let produced = decoder.conceal(samples: lastPacketSamples, following: next, into: &scratch)
            decodedSamples += Int64(produced)
            concealedSamples += Int64(produced)
            reframer.append(scratch[0..<produced], concealed: true, emit: emit)
        }
    }

    /// Where a packet's audio goes on the media timeline: after the previous packet by the
    /// timestamp difference. A jump forward beyond the silence-fill limit, or backwards by more
    /// than a packet (a sender that re-based its clock without a new SSRC), is a discontinuity:
    /// the audio continues where the leg is, rather than far away or over what was played.
    ///
    /// Audio placed beyond both where the leg is and where the clock is (`now`) by more than the
    /// resync threshold would be media we synthesize for a sender whose timestamps leap ahead of
    /// time (a re-based clock, or an attempt to make us analyse hours of silence): the leg
    /// resynchronizes instead (`timestampJumps`), continuing at the later of the two.
    private mutating func placement(of timestamp: Int64, reframer: Reframer, now: Int64) -> Int64 {
        guard let last = lastPlayed else { return originPosition }
        let ticks = timestamp - last.timestamp
        let rate = Int64(settings.codec.clockRate)
        guard ticks >= -2 * Int64(lastPacketSamples) * rate / Int64(Frame.sampleRate) else {
            return reframer.position
        }
        // Bounded before multiplying: an unwrapped timestamp can be ~2³² ticks away.
        let limit = (max(reframer.position, now) + settings.resyncThresholdSamples - last.position) * rate / Int64(Frame.sampleRate)
        guard ticks <= limit else {
            statistics.timestampJumps += 1
            return max(reframer.position, now)
        }
        return last.position + ticks * Int64(Frame.sampleRate) / rate
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

    /// Packets lost and expected so far (for loss over an interval).
    public var lossCounters: (lost: Int, expected: Int) {
        (statistics.lost, releasedBefore + buffer.statistics.released + statistics.lost)
    }

    /// Network figures for an interval in which `lost` of `expected` packets were lost.
    public func networkQuality(lost: Int, expected: Int) -> NetworkQuality {
        let lossPercent = expected > 0 ? 100 * Double(lost) / Double(expected) : 0
        let mos = EModel.mos(
            lossPercent: lossPercent, jitterMs: statistics.jitterMs,
            jitterBufferMs: Double(settings.jitterBufferMilliseconds), packetMs: Double(lastPacketSamples) / 16,
            codec: settings.codec == .opus ? .opus : .g711)
        return NetworkQuality(mos: mos, lossPercent: lossPercent, jitterMs: statistics.jitterMs)
    }

    /// Statistics with the quality estimate (over the whole call) filled in.
    public func snapshot() -> LegStatistics {
        var statistics = self.statistics
        let (lost, expected) = lossCounters
        if expected > 0 { statistics.mos = networkQuality(lost: lost, expected: expected).mos }
        return statistics
    }

    static func describe(_ address: SocketAddress) -> String {
        "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
    }
}
