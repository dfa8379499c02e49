import CCRStore

/// The JSON an admin posts to `POST /v1/tokens`: a role, a supervisor's teams, a label and a
/// lifetime, as `ccrd token create` takes them.
struct TokenBody: APIBody {
    static let bodyName = "token"

    var role: String
    var teams: [String]?
    var label: String?
    /// A lifetime such as `90d`, `12h` or `30m`; none for a token that never expires.
    var expires: String?

    static let maxTeams = 100
    static let maxLabelLength = 200

    /// The body's values, or a 400 naming the mistake.
    func validated() throws(APIError) -> (role: Role, teams: [String], label: String?, lifetime: Duration?) {
        guard let role = Role(rawValue: role) else {
            throw .badRequest("role must be one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let teams = self.teams ?? []
        guard teams.count <= Self.maxTeams else { throw .badRequest("teams may list at most \(Self.maxTeams) teams") }
        for team in teams { try StartCallBody.checkId(team, field: "teams[]") }
        if role == .supervisor && teams.isEmpty { throw .badRequest("a supervisor token needs at least one team") }
        if role != .supervisor && !teams.isEmpty {
            throw .badRequest("teams apply to supervisor tokens only (admins see every team, gateways none)")
        }
        let label = self.label.flatMap { $0.isEmpty ? nil : $0 }
        if let label, label.count > Self.maxLabelLength || label.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .badRequest("label must be at most \(Self.maxLabelLength) characters, without control characters")
        }
        var lifetime: Duration?
        if let expires, !expires.isEmpty {
            guard let value = ConfigReader.parseDuration(expires), value > .zero else {
                throw .badRequest("expires '\(expires)' is not a duration such as 90d, 12h or 30m")
            }
            guard value <= AccessToken.maxLifetime else {
                throw .badRequest("expires is longer than \(AccessToken.maxLifetimeDays)d; leave it out for a token that never expires")
            }
            lifetime = value
        }
        return (role, Array(Set(teams)).sorted(), label, lifetime)
    }
}
