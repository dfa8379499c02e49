/// Why ingest could not start a call or open a port, worded for the operator.
public enum IngestError: Error, Equatable, Sendable, CustomStringConvertible {
    case duplicateCall(String)
    /// `ingest.maxCalls` API calls are live.
    case tooManyCalls(limit: Int)
    /// The token that asked has `ingest.maxCallsPerToken` calls live.
    case tooManyCallsForToken(limit: Int)
    case noFreePort(range: ClosedRange<Int>)
    case bindFailed(address: String, port: Int, reason: String)
    case decoderUnavailable(String)
    /// The call ended (RTCP BYE, or the daemon stopping) before its setup finished.
    case callEndedDuringSetup(String)
    /// PulseAudio capture could not start (server unreachable, source missing).
    case pulse(PulseError)
    /// A PulseAudio call for an agent with no `agents[].pulse` line.
    case noPulseLine(agentId: String)
    /// A PulseAudio call asked for through the API while `ingest.pulse.autoCalls` starts them.
    case automaticPulseLine(agentId: String)

    public var description: String {
        switch self {
        case .duplicateCall(let id):
            "call '\(id)' already exists (live or recently ended); call ids are never reused"
        case .tooManyCalls(let limit):
            "\(limit) calls are live, the most ingest.maxCalls allows; retry when one has ended"
        case .tooManyCallsForToken(let limit):
            "this token has \(limit) calls live, the most ingest.maxCallsPerToken allows"
        case .noFreePort(let range):
            "no free UDP port pair left in ingest.rtp.portRange \(range.lowerBound)-\(range.upperBound)"
        case .bindFailed(let address, let port, let reason):
            "cannot listen for RTP on \(address):\(port): \(reason)"
        case .decoderUnavailable(let reason):
            "cannot create a decoder: \(reason)"
        case .callEndedDuringSetup(let id):
            "call '\(id)' ended before its setup finished"
        case .pulse(let error):
            error.description
        case .noPulseLine(let agent):
            "agent '\(agent)' has no PulseAudio line: configure agents[].pulse (agentSource, customerSource) for it"
        case .automaticPulseLine(let agent):
            "agent '\(agent)''s PulseAudio calls start and end by themselves (ingest.pulse.autoCalls is on); they cannot be started through the API"
        }
    }
}
