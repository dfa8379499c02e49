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
    /// Whether a configured line started it (a static RTP line, an automatic PulseAudio line)
    /// rather than the API.
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
