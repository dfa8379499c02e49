import CCRCore
import CCRMedia

/// One leg of a live call as the API shows it: its transport counters, the MOS computed from
/// them, and what analysis hears (level, speech). Its fields are the API's contract.
struct LegResponse: Codable, Equatable {
    var codec: String
    /// UDP port the leg's RTP goes to (RTCP to the next one).
    var port: Int?
    var ssrc: UInt32?
    var payloadType: UInt8?
    var packets: Int
    var bytes: Int
    var lost: Int
    var duplicates: Int
    var reordered: Int
    var late: Int
    var jitterMs: Double
    var decodedSeconds: Double
    var concealedSeconds: Double
    var quietFillSeconds: Double
    /// RMS level of the last 100 ms, dBFS.
    var levelDBFS: Double
    var speaking: Bool
    var speechSeconds: Double
    /// Estimated listening quality over the call (simplified E-model).
    var mos: Double?
    var malformed: Int
    var unknownPayloadType: Int
    var decodeErrors: Int
    var foreignSource: Int
    var timestampJumps: Int
    var aheadOfTime: Int
    var ssrcChanges: Int
    var rtcpPackets: Int
    var comfortNoisePackets: Int
    var eventPackets: Int
    var bye: Bool
    /// How the leg sits against the other: `senderClock` (RTCP sender reports) or `arrival`.
    var placement: String?
    /// How far it was moved from where its first packet's arrival put it, ms (positive: later).
    var placementCorrectionMs: Double?
    /// Sender address the leg latched on to, "ip:port".
    var source: String?

    init(_ statistics: LegStatistics, activity: LegActivity?) {
        codec = statistics.codec.rawValue
        port = statistics.port
        ssrc = statistics.ssrc
        payloadType = statistics.payloadType
        packets = statistics.packets
        bytes = statistics.bytes
        lost = statistics.lost
        duplicates = statistics.duplicates
        reordered = statistics.reordered
        late = statistics.late
        jitterMs = statistics.jitterMs
        decodedSeconds = statistics.decodedSeconds
        concealedSeconds = statistics.concealedSeconds
        quietFillSeconds = statistics.quietFillSeconds
        levelDBFS = activity?.levelDBFS ?? -120
        speaking = activity?.speaking ?? false
        speechSeconds = activity?.speechSeconds ?? 0
        mos = statistics.mos
        malformed = statistics.malformed
        unknownPayloadType = statistics.unknownPayloadType
        decodeErrors = statistics.decodeErrors
        foreignSource = statistics.foreignSource
        timestampJumps = statistics.timestampJumps
        aheadOfTime = statistics.aheadOfTime
        ssrcChanges = statistics.ssrcChanges
        rtcpPackets = statistics.rtcpPackets
        comfortNoisePackets = statistics.comfortNoisePackets
        eventPackets = statistics.eventPackets
        bye = statistics.bye
        placement = statistics.placement
        placementCorrectionMs = statistics.placementCorrectionMs
        source = statistics.source
    }
}
