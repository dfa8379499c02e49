/// Why PulseAudio capture cannot go on, in words an operator can act on.
public enum PulseError: Error, Equatable, CustomStringConvertible {
    /// The server could not be reached or refused the connection (address, libpulse's reason).
    case serverUnavailable(server: String, reason: String)
    /// No source of that name on the server; `available` lists the ones it has.
    case noSuchSource(server: String, source: String, available: [String])
    /// The record stream could not be set up or failed.
    case streamFailed(server: String, source: String, reason: String)
    /// The server did not answer in time.
    case timedOut(server: String, waitingFor: String)

    public var description: String {
        switch self {
        case .serverUnavailable(let server, let reason):
            "PulseAudio server \(server) is unavailable: \(reason)"
        case .noSuchSource(let server, let source, let available):
            "PulseAudio server \(server) has no source '\(source)'; it has: \(available.isEmpty ? "none" : available.joined(separator: ", "))"
        case .streamFailed(let server, let source, let reason):
            "capture of '\(source)' on PulseAudio server \(server) failed: \(reason)"
        case .timedOut(let server, let what):
            "PulseAudio server \(server) did not answer in time (\(what))"
        }
    }
}
