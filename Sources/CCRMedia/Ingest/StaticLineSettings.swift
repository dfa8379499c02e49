/// One agent on fixed ports (static mode): a new SSRC on either port starts a new call.
public struct StaticLineSettings: Sendable, Equatable {
    public var agentId: String
    public var team: String?
    public var agentPort: Int
    public var customerPort: Int
    public var agentCodec: Codec
    public var customerCodec: Codec
    /// Only datagrams from this IP address are accepted, when set.
    public var source: String?

    public init(
        agentId: String, team: String? = nil, agentPort: Int, customerPort: Int, agentCodec: Codec = .pcmu,
        customerCodec: Codec = .pcmu, source: String? = nil
    ) {
        self.agentId = agentId
        self.team = team
        self.agentPort = agentPort
        self.customerPort = customerPort
        self.agentCodec = agentCodec
        self.customerCodec = customerCodec
        self.source = source
    }
}
