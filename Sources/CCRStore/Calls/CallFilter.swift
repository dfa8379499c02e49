import Foundation

/// Which stored calls a query, an export or a summary is about. Every field narrows the set;
/// `teams` is the reader's scope (a supervisor's teams), nil for no restriction.
public struct CallFilter: Sendable, Equatable {
    /// How the `alert` parameter narrows calls.
    public enum AlertCondition: Sendable, Equatable {
        /// Calls that raised at least one alert.
        case anyAlert
        /// Calls that raised none.
        case noAlert
        /// Calls that raised an alert of this rule.
        case rule(String)

        /// `true`/`any`, `false`/`none`, or a rule name.
        public init(parameter: String) {
            switch parameter.lowercased() {
            case "true", "any", "yes": self = .anyAlert
            case "false", "none", "no": self = .noAlert
            default: self = .rule(parameter)
            }
        }
    }

    public var agentId: String?
    public var team: String?
    public var callerNumber: String?
    /// Calls started at or after this time.
    public var from: Date?
    /// Calls started before this time.
    public var to: Date?
    public var minScore: Double?
    public var maxScore: Double?
    public var alert: AlertCondition?
    /// Only calls of these teams (calls with no team are then excluded); nil: any team.
    public var teams: [String]?

    public init(
        agentId: String? = nil, team: String? = nil, callerNumber: String? = nil, from: Date? = nil, to: Date? = nil,
        minScore: Double? = nil, maxScore: Double? = nil, alert: AlertCondition? = nil, teams: [String]? = nil
    ) {
        self.agentId = agentId
        self.team = team
        self.callerNumber = callerNumber
        self.from = from
        self.to = to
        self.minScore = minScore
        self.maxScore = maxScore
        self.alert = alert
        self.teams = teams
    }

    /// Reads a time as the API and the command line take it: ISO 8601 ("2026-11-22T10:00:00Z",
    /// fractional seconds allowed), a UTC day ("2026-11-22"), or Unix seconds.
    public static func time(_ text: String) -> Date? {
        if let seconds = Double(text) { return Date(timeIntervalSince1970: seconds) }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text + "T00:00:00Z", strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The WHERE clause (after `WHERE`) and its arguments, for the table aliased `call`.
    func whereClause() -> (sql: String, arguments: [(any Sendable)?]) {
        var conditions: [String] = ["1"]
        var arguments: [(any Sendable)?] = []
        if let agentId {
            conditions.append("call.agentId = ?")
            arguments.append(agentId)
        }
        if let team {
            conditions.append("call.team = ?")
            arguments.append(team)
        }
        if let callerNumber {
            conditions.append("call.callerNumber = ?")
            arguments.append(callerNumber)
        }
        if let teams {
            conditions.append("call.team IN (\(Array(repeating: "?", count: teams.count).joined(separator: ",")))")
            arguments.append(contentsOf: teams.map { $0 })
        }
        if let from {
            conditions.append("call.startedAt >= ?")
            arguments.append(Store.milliseconds(from))
        }
        if let to {
            conditions.append("call.startedAt < ?")
            arguments.append(Store.milliseconds(to))
        }
        if let minScore {
            conditions.append("call.score >= ?")
            arguments.append(minScore)
        }
        if let maxScore {
            conditions.append("call.score <= ?")
            arguments.append(maxScore)
        }
        switch alert {
        case .anyAlert: conditions.append("call.alertCount > 0")
        case .noAlert: conditions.append("call.alertCount = 0")
        case .rule(let rule):
            // Driven from the alerts' rule index: a rule few calls raised is found without walking
            // the calls (EXISTS per call walked all of them: ~0.8 s on a million).
            conditions.append("call.id IN (SELECT callId FROM callAlert WHERE callAlert.rule = ?)")
            arguments.append(rule)
        case nil: break
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
