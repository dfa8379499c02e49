import Foundation
import GRDB

/// A bearer token as stored: its public id, role and teams, and the SHA-256 of its secret
/// (the secret itself is shown once, at creation, and never stored).
public struct AccessToken: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "token"

    /// Public id, also the token's prefix (`ccrd_<id>_…`), safe to log.
    public var id: String
    /// Lower-case hex SHA-256 of the whole token text.
    public var hash: String
    public var role: Role
    /// For supervisors: the teams whose calls it may see. Empty for other roles.
    public var teams: [String]
    /// Free text from `--label`, to tell tokens apart.
    public var label: String?
    public var createdAt: Date
    public var expiresAt: Date?
    public var revokedAt: Date?

    /// Longest lifetime a token may be given: past it a date no longer round-trips the store.
    public static let maxLifetimeDays = 3650
    public static let maxLifetime: Duration = .seconds(Int64(maxLifetimeDays) * 86_400)

    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let hash = Column(CodingKeys.hash)
        static let revokedAt = Column(CodingKeys.revokedAt)
        static let createdAt = Column(CodingKeys.createdAt)
    }

    /// Whether it can be used at `now`.
    public func state(at now: Date) -> State {
        if let revokedAt { return .revoked(at: revokedAt) }
        if let expiresAt, expiresAt <= now { return .expired(at: expiresAt) }
        return .valid
    }

    /// Whether a token is usable.
    public enum State: Sendable, Equatable {
        case valid
        case expired(at: Date)
        case revoked(at: Date)
    }
}
