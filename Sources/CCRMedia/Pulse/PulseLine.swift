/// One agent's PulseAudio line (`ingest.pulse.agents`): the server of the agent's workstation
/// (nil for `ingest.pulse.server`, else the environment's default) and the two sources, the
/// headset microphone for the agent leg and the monitor of the sink the agent hears for the
/// customer leg.
public struct PulseLine: Sendable, Equatable {
    public var agentId: String
    /// The agent's team, for calls whose start names none.
    public var team: String?
    /// `tcp:ws-17.example:4713`, `unix:/path/native`, or nil.
    public var server: String?
    /// e.g. `alsa_input.usb-headset.mono-fallback`.
    public var agentSource: String
    /// e.g. `alsa_output.usb-headset.analog-stereo.monitor`.
    public var customerSource: String

    public init(agentId: String, team: String? = nil, server: String?, agentSource: String, customerSource: String) {
        self.agentId = agentId
        self.team = team
        self.server = server
        self.agentSource = agentSource
        self.customerSource = customerSource
    }
}
