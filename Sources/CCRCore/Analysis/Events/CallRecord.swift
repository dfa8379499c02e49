/// A call as the store keeps it, carried by the events that open and close it: who, when, how
/// it ended, each leg's transport figures, and (once closed) the analysis summary.
///
/// It names the caller, so it never goes to live clients: `call.opened` and `call.closed` are
/// for the peers of the event stream only.
public struct CallRecord: Sendable, Equatable {
    public var callId: String
    public var agentId: String
    public var team: String?
    /// The caller's number, when the gateway gave it.
    public var callerNumber: String?
    /// Whether the call came from a static line.
    public var isStatic: Bool
    /// Wall-clock start and end, seconds since 1970 (UTC).
    public var startedAt: Double
    public var endedAt: Double?
    public var durationSeconds: Double
    /// Why the call ended (`EndReason` raw value), once it has.
    public var endReason: String?
    public var legs: [LegRecord]
    /// The analysis summary, once the call is closed.
    public var summary: CallSummary?

    public init(
        callId: String, agentId: String, team: String?, callerNumber: String?, isStatic: Bool, startedAt: Double,
        endedAt: Double? = nil, durationSeconds: Double = 0, endReason: String? = nil, legs: [LegRecord], summary: CallSummary? = nil
    ) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.callerNumber = callerNumber
        self.isStatic = isStatic
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.endReason = endReason
        self.legs = legs
        self.summary = summary
    }

    /// "agent:opus customer:pcmu".
    public var codecs: String {
        legs.map { "\($0.leg.rawValue):\($0.codec)" }.joined(separator: " ")
    }
}

/// One leg of a `CallRecord`: its codec and what its transport counted.
public struct LegRecord: Sendable, Equatable {
    public var leg: Leg
    public var codec: String
    public var packets: Int
    public var bytes: Int
    public var lost: Int
    public var duplicates: Int
    public var reordered: Int
    public var late: Int
    public var malformed: Int
    public var jitterMs: Double
    public var mos: Double?
    public var decodedSeconds: Double
    public var concealedSeconds: Double
    public var speechSeconds: Double

    public init(
        leg: Leg, codec: String, packets: Int = 0, bytes: Int = 0, lost: Int = 0, duplicates: Int = 0, reordered: Int = 0,
        late: Int = 0, malformed: Int = 0, jitterMs: Double = 0, mos: Double? = nil, decodedSeconds: Double = 0,
        concealedSeconds: Double = 0, speechSeconds: Double = 0
    ) {
        self.leg = leg
        self.codec = codec
        self.packets = packets
        self.bytes = bytes
        self.lost = lost
        self.duplicates = duplicates
        self.reordered = reordered
        self.late = late
        self.malformed = malformed
        self.jitterMs = jitterMs
        self.mos = mos
        self.decodedSeconds = decodedSeconds
        self.concealedSeconds = concealedSeconds
        self.speechSeconds = speechSeconds
    }
}
