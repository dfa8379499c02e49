import CCRStore

/// Who is calling, once their token checked out: what they may do and which teams they see.
public struct Principal: Sendable, Equatable {
    /// The token's public id, for logs.
    public var tokenId: String
    public var role: Role
    /// A supervisor's teams; unused for other roles.
    public var teams: Set<String>

    public init(tokenId: String, role: Role, teams: Set<String>) {
        self.tokenId = tokenId
        self.role = role
        self.teams = teams
    }

    init(_ token: AccessToken) {
        self.init(tokenId: token.id, role: token.role, teams: Set(token.teams))
    }

    /// Whether this principal may read a call of `team` (live events, call details).
    /// Admins see everything; supervisors only their teams' calls, never calls without a team.
    public func canRead(team: String?) -> Bool {
        switch role {
        case .admin: true
        case .supervisor: team.map(teams.contains) ?? false
        case .gateway: false
        }
    }
}
