import CCRCore

/// A call announced through the control API, before its ports are allocated.
public struct CallRequest: Sendable, Equatable {
    public var callId: String
    public var agentId: String
    public var team: String?
    /// Codec of each leg the gateway will send; one leg only for mixed mono.
    public var legs: [Leg: Codec]
    /// Only datagrams from this IP address are accepted, when set.
    public var source: String?
    /// The caller's number, when the gateway gives it (stored with the call; erasable).
    public var callerNumber: String?
    /// Who asked for it (the gateway token's id), for the per-token call limit.
    public var owner: String?
    /// Captured from the agent's PulseAudio line (`agents[].pulse`) rather than sent as RTP.
    public var pulse = false

    public init(
        callId: String, agentId: String, team: String?, legs: [Leg: Codec], source: String?, callerNumber: String? = nil,
        owner: String? = nil
    ) {
        self.owner = owner
        self.callerNumber = callerNumber
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.legs = legs
        self.source = source
    }
}
