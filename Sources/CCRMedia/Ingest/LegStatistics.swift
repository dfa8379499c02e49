import CCRCore

/// What a leg's source counted: transport counters, jitter, decoded audio. Figures computed
/// from them (MOS) and what analysis hears (level, speech) are the API's to add.
public struct LegStatistics: Sendable, Equatable {
    public var codec: Codec
    /// UDP port the leg's RTP goes to (RTCP to the next one, or muxed on this one).
    public var port: Int?
    /// Synchronization source now followed, if any packet came.
    public var ssrc: UInt32?
    /// Payload type of the last accepted packet.
    public var payloadType: UInt8?
    /// RTP packets accepted from the leg's source (duplicates and late ones included).
    public var packets: Int = 0
    /// Bytes of those packets, headers included.
    public var bytes: Int = 0
    /// Sequence numbers that never arrived in time and were concealed.
    public var lost: Int = 0
    public var duplicates: Int = 0
    /// Packets that arrived after a higher sequence number but in time to be used.
    public var reordered: Int = 0
    /// Packets that arrived after their slot had been concealed.
    public var late: Int = 0
    /// RFC 3550 interarrival jitter.
    public var jitterMs: Double = 0
    /// Audio produced, concealment included.
    public var decodedSeconds: Double = 0
    /// Part of `decodedSeconds` that was concealment or silence filling a gap.
    public var concealedSeconds: Double = 0
    /// Silence added while the sender sent nothing at all (not in `decodedSeconds`), so the
    /// conversation's clock kept running.
    public var quietFillSeconds: Double = 0
    /// The counters network quality is computed from (loss, jitter, receiver delay, codec).
    public var transport: TransportCounters?
    /// Datagrams that were not valid RTP.
    public var malformed: Int = 0
    /// RTP packets with a payload type the leg does not accept.
    public var unknownPayloadType: Int = 0
    /// Payloads the codec rejected (concealed instead).
    public var decodeErrors: Int = 0
    /// Datagrams from an address other than the leg's allowed or latched source.
    public var foreignSource: Int = 0
    /// Times the sender's timestamps leapt ahead of the time that passed (beyond
    /// `ingest.rtp.resyncThreshold`): the leg resynchronized instead of synthesizing the gap.
    public var timestampJumps: Int = 0
    /// Packets dropped because the leg's audio was already further ahead of elapsed time than
    /// `ingest.rtp.resyncThreshold`: a sender faster than real time.
    public var aheadOfTime: Int = 0
    /// Times the leg's sender switched to a new SSRC.
    public var ssrcChanges: Int = 0
    public var rtcpPackets: Int = 0
    /// RFC 3389 comfort-noise packets (payload type 13): the sender was silent.
    public var comfortNoisePackets: Int = 0
    /// Packets of other payload types on the same stream (telephone-event DTMF and the like).
    public var eventPackets: Int = 0
    /// Whether the sender said RTCP BYE.
    public var bye: Bool = false
    /// How the leg was placed against the call's other leg: `senderClock` (RTCP sender
    /// reports) or `arrival` (its first packet); nil while undecided or for a one-leg call.
    public var placement: String?
    /// How far the leg was moved from where its first packet's arrival put it, ms (positive:
    /// later). Zero when placed by arrival.
    public var placementCorrectionMs: Double?
    /// Sender address the leg latched on to, "ip:port".
    public var source: String?

    public init(codec: Codec) {
        self.codec = codec
    }
}
