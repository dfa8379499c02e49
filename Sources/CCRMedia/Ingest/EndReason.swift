/// Why a call ended.
public enum EndReason: String, Sendable, Codable {
    /// `POST /v1/calls/{id}/end`.
    case api
    /// No packet on any leg for `ingest.rtp.idleTimeout`.
    case idle
    /// Every leg's sender said RTCP BYE.
    case bye
    /// A static line saw a new SSRC: the previous call on that line is over.
    case newStream
    /// No speech on either leg of an automatic PulseAudio call for `ingest.pulse.idleTimeout`.
    case silence
    /// The daemon is stopping.
    case shutdown
}
