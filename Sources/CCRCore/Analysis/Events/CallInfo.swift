/// Who a call is about.
public struct CallInfo: Sendable, Codable, Equatable {
    public var callId: String
    public var agentId: String
    public var team: String?
    /// The legs the call has; one leg means mixed mono, scored with fewer metrics.
    public var legs: [Leg]
    /// Where its audio comes from, as the ingest names it (`rtp`, `pulse`); nil for a file
    /// scored offline.
    public var source: String?

    public init(callId: String, agentId: String, team: String?, legs: [Leg], source: String? = nil) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.legs = legs
        self.source = source
    }
}
