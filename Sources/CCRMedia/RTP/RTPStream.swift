import CCRCore
import NIOCore

/// The first stage of an RTP leg: which datagrams belong to the leg and what they carry.
///
/// It checks the sender (allowed source, then the address the leg latched on to after
/// learning), parses each packet once, tells audio from comfort noise and events, notices a
/// new SSRC, answers RTCP BYE, and counts everything it accepts or drops. It plays nothing:
/// accepted packets go on to the jitter buffer.
struct RTPStream {
    /// Static payload type of comfort noise (RFC 3389), accepted on every leg.
    static let comfortNoiseType: UInt8 = 13
    /// Dynamic payload types (RFC 3551): audio of negotiated codecs, telephone events.
    static let dynamicTypes: ClosedRange<UInt8> = 96...127

    /// What a payload type carries on this leg.
    enum Kind { case audio, comfortNoise, event }

    /// A packet accepted for the leg.
    struct Accepted {
        var packet: RTPPacket
        var kind: Kind
        var arrival: Int64
        /// Where the leg starts on the call's media timeline if this packet starts a stream.
        var origin: Int64
        /// The first packet of a stream (the leg's first, or a new SSRC from the same sender).
        var startsStream: Bool
    }

    /// What became of a datagram.
    enum Admission {
        case accepted(Accepted)
        /// The leg latched on to its sender with this packet: the packets held while learning,
        /// then this one, in order (the current one nil if it was refused).
        case latched(held: [Accepted], current: Accepted?)
        /// Valid RTP held while the leg learns its source.
        case held
        case rtcp(bye: Bool)
        case dropped
    }

    let clockRate: Int
    /// Payload types accepted as the leg's audio.
    let payloadTypes: Set<UInt8>
    /// Only this host may send, when set (`settings.allowedSource`, parsed once).
    private let allowedHost: SocketAddress?
    private var learner: SourceLearner
    private var latchedSource: SocketAddress?
    /// Packets of the learning runs (payloads copied), with their sender, size, arrival and
    /// origin; the winner's are used once the leg latches, the others counted as foreign.
    private var held: [(packet: RTPPacket, size: Int, address: SocketAddress, arrival: Int64, origin: Int64)] = []
    /// The dynamic payload type carrying audio, latched from the first packet that uses one.
    private var audioPayloadType: UInt8?
    private var interarrival: InterarrivalJitter
    /// Transport counters of the leg (its jitter buffer and playout add theirs).
    private(set) var counters: LegStatistics
    /// Monotonic time of the last packet accepted or held, nanoseconds.
    private(set) var lastArrival: Int64?
    /// The latest RTCP sender report that carried a wall clock, from any SSRC.
    private(set) var senderReport: SenderReport?

    init(codec: Codec, payloadTypes: Set<UInt8>, allowedSource: String?, learningPackets: Int) {
        self.clockRate = codec.clockRate
        self.payloadTypes = payloadTypes
        // Validated before it gets here; were it not, 0.0.0.0 admits no sender.
        self.allowedHost = allowedSource.map {
            (try? SocketAddress(ipAddress: $0, port: 0)) ?? (try! SocketAddress(ipAddress: "0.0.0.0", port: 0))
        }
        self.learner = SourceLearner(required: allowedSource == nil ? learningPackets : 1)
        self.interarrival = InterarrivalJitter(clockRate: codec.clockRate)
        self.counters = LegStatistics(codec: codec)
    }

    /// The sender the leg latched on to, once it has.
    var latchedAddress: SocketAddress? { latchedSource }

    /// RFC 3550 interarrival jitter of the current stream, ms.
    var jitterMs: Double { interarrival.milliseconds }

    /// Takes one datagram; `parsed` is its packet when the caller parsed it already.
    mutating func admit(
        _ datagram: ByteBuffer, parsed: RTPPacket?, from address: SocketAddress, arrival: Int64, origin: Int64
    ) -> Admission {
        if let allowedHost, !address.isSameHost(as: allowedHost) {
            counters.foreignSource += 1
            return .dropped
        }
        if parsed == nil, RTCPPacket.isRTCP(datagram) {
            // RTCP comes from the sender's next port: only its address must match.
            if let latchedSource, !latchedSource.isSameHost(as: address) {
                counters.foreignSource += 1
                return .dropped
            }
            return admitRTCP(datagram)
        }
        if let latchedSource, latchedSource != address {
            counters.foreignSource += 1
            return .dropped
        }
        let packet: RTPPacket
        if let parsed {
            packet = parsed
        } else {
            do {
                packet = try RTPPacket(parsing: datagram)
            } catch {
                counters.malformed += 1
                return .dropped
            }
        }
        guard latchedSource == nil else {
            return accept(packet, size: datagram.readableBytes, arrival: arrival, origin: origin).map { .accepted($0) } ?? .dropped
        }
        return learn(packet, size: datagram.readableBytes, from: address, arrival: arrival, origin: origin)
    }

    /// Before the leg has latched: holds the packet until one address has sent enough in sequence.
    private mutating func learn(_ packet: RTPPacket, size: Int, from address: SocketAddress, arrival: Int64, origin: Int64) -> Admission {
        // Audio, comfort noise and events (DTMF) all carry the stream's sequence numbers.
        let type = packet.payloadType
        guard payloadTypes.contains(type) || type == Self.comfortNoiseType || Self.dynamicTypes.contains(type) else {
            counters.unknownPayloadType += 1
            return .dropped
        }
        let observation = learner.observe(address: address, ssrc: packet.ssrc, sequence: packet.sequenceNumber)
        if let broken = observation.restartedAddress {
            // That address's run was broken: what it sent is not used.
            let before = held.count
            held.removeAll { $0.address == broken }
            counters.foreignSource += before - held.count
        }
        guard observation.learned else {
            // A copy: the payload is a slice of the socket's whole read buffer, which a held
            // slice would keep alive.
            var copy = packet
            copy.payload = ByteBuffer(bytes: packet.payload.readableBytesView)
            held.append((copy, size, address, arrival, origin))
            // Media is flowing, even if no one is latched yet: the call is not idle.
            lastArrival = arrival
            return .held
        }
        latchedSource = address
        counters.source = "\(address.ipAddress ?? "?"):\(address.port ?? 0)"
        let earlier = held
        held.removeAll()
        var accepted: [Accepted] = []
        for entry in earlier {
            guard entry.address == address else {
                counters.foreignSource += 1
                continue
            }
            if let packet = accept(entry.packet, size: entry.size, arrival: entry.arrival, origin: entry.origin) {
                accepted.append(packet)
            }
        }
        return .latched(held: accepted, current: accept(packet, size: size, arrival: arrival, origin: origin))
    }

    /// A packet from the leg's sender: classified and counted; nil when its payload type is not
    /// the leg's.
    private mutating func accept(_ packet: RTPPacket, size: Int, arrival: Int64, origin: Int64) -> Accepted? {
        let startsStream = counters.ssrc != packet.ssrc
        guard let kind = classify(packet.payloadType, newStream: startsStream) else {
            counters.unknownPayloadType += 1
            return nil
        }
        if startsStream {
            if counters.ssrc != nil { counters.ssrcChanges += 1 }
            counters.ssrc = packet.ssrc
            counters.bye = false
            interarrival = InterarrivalJitter(clockRate: clockRate)
        }
        counters.packets += 1
        counters.bytes += size
        switch kind {
        case .audio: counters.payloadType = packet.payloadType
        case .comfortNoise: counters.comfortNoisePackets += 1
        case .event: counters.eventPackets += 1
        }
        lastArrival = arrival
        interarrival.record(timestamp: packet.timestamp, arrivalNanoseconds: arrival)
        return Accepted(packet: packet, kind: kind, arrival: arrival, origin: origin, startsStream: startsStream)
    }

    /// Audio for the leg's codec; comfort noise (13); other dynamic types on the same stream
    /// (telephone-event DTMF and the like) are not audio but hold their sequence numbers, so
    /// they are buffered as silence rather than counted as loss. Nil: not for this leg. A new
    /// stream learns its audio type afresh.
    private mutating func classify(_ payloadType: UInt8, newStream: Bool) -> Kind? {
        if payloadType == Self.comfortNoiseType { return .comfortNoise }
        if newStream { audioPayloadType = nil }
        if let audio = audioPayloadType {
            return payloadType == audio ? .audio : (Self.dynamicTypes.contains(payloadType) ? .event : nil)
        }
        guard payloadTypes.contains(payloadType) else { return nil }
        audioPayloadType = payloadType
        return .audio
    }

    private mutating func admitRTCP(_ datagram: ByteBuffer) -> Admission {
        guard let contents = RTCPPacket.contents(of: datagram) else {
            counters.malformed += 1
            return .dropped
        }
        counters.rtcpPackets += 1
        // The latest report with a wall clock; used only for the SSRC the leg follows (a
        // report may come before the stream's first packet, so it is kept until then).
        if let report = contents.senderReports.last(where: \.hasWallClock) { senderReport = report }
        // Only a BYE for the SSRC the leg follows ends it; before any RTP, anyone could send one.
        let bye = counters.ssrc.map { ssrc in contents.byeSources.contains(ssrc) } ?? false
        if bye { counters.bye = true }
        return .rtcp(bye: bye)
    }
}
