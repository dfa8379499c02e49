/// What a token may do.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// Everything.
    case admin
    /// Reads live events and calls of its own teams.
    case supervisor
    /// The call control API only: start and end calls.
    case gateway
}
