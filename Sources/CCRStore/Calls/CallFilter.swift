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
    /// Only calls put in this category (`call.phrases`).
    public var category: String?

    public init(
        agentId: String? = nil, team: String? = nil, callerNumber: String? = nil, from: Date? = nil, to: Date? = nil,
        minScore: Double? = nil, maxScore: Double? = nil, alert: AlertCondition? = nil, teams: [String]? = nil,
        category: String? = nil
    ) {
        self.category = category
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

    /// Unix seconds a time from outside may take: 1970-01-01 to 9999-12-31. Anything else (and
    /// NaN or infinity) is refused before it becomes milliseconds in an `Int64`.
    public static let timeRange: ClosedRange<Double> = 0...253_402_300_799

    /// Reads a time as the API and the command line take it: ISO 8601 ("2026-11-22T10:00:00Z",
    /// fractional seconds allowed), a UTC day ("2026-11-22"), or Unix seconds; nil when it is
    /// none of these or outside `timeRange`.
    public static func time(_ text: String) -> Date? {
        guard text.utf8.count <= 64 else { return nil }
        let date: Date?
        if let seconds = Double(text) {
            date = Date(timeIntervalSince1970: seconds)
        } else if let parsed = try? Date(text, strategy: .iso8601) {
            date = parsed
        } else if let parsed = try? Date(text + "T00:00:00Z", strategy: .iso8601) {
            date = parsed
        } else {
            date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        guard let date, timeRange.contains(date.timeIntervalSince1970) else { return nil }
        return date
    }

    /// How the score and alert-rule conditions are best evaluated, from how many rows match.
    struct Plan {
        /// Few calls raised the rule: find them through the alerts' rule index. Otherwise walk
        /// the calls newest first, which meets enough matches quickly.
        var rareRule = false
        /// Few calls have a score in the range: find them through the score index (and sort).
        /// Otherwise the score must not steer the plan away from the time order (`+score`).
        var rareScore = false
    }

    /// Below this many matching rows a condition is "rare".
    static let rareRows = 5000

    /// The WHERE clause (after `WHERE`) and its arguments, for the table aliased `call`.
    func whereClause(_ plan: Plan = Plan()) -> (sql: String, arguments: [(any Sendable)?]) {
        var conditions: [String] = ["1"]
        var arguments: [(any Sendable)?] = []
        func add(_ condition: String, _ value: (any Sendable)?) {
            guard let value else { return }
            conditions.append(condition)
            arguments.append(value)
        }
        add("call.agentId = ?", agentId)
        add("call.team = ?", team)
        add("call.callerNumber = ?", callerNumber)
        add("call.startedAt >= ?", from.map(Store.milliseconds))
        add("call.startedAt < ?", to.map(Store.milliseconds))
        let score = plan.rareScore ? "call.score" : "+call.score"
        add("\(score) >= ?", minScore)
        add("\(score) <= ?", maxScore)
        if let teams {
            conditions.append("call.team IN (\(Array(repeating: "?", count: teams.count).joined(separator: ",")))")
            arguments.append(contentsOf: teams.map { $0 })
        }
        if let category {
            conditions.append("EXISTS (SELECT 1 FROM callCategory WHERE callCategory.callId = call.id AND callCategory.category = ?)")
            arguments.append(category)
        }
        switch alert {
        case .anyAlert: conditions.append("call.alertCount > 0")
        case .noAlert: conditions.append("call.alertCount = 0")
        case .rule(let rule):
            // A rare rule (EXISTS alone walks all calls: 0.8 s on a million) from the rule index; a
            // common one (the IN list alone sorts all its calls: 1 s for 200,000) by walking calls.
            conditions.append(
                plan.rareRule
                    ? "call.id IN (SELECT callId FROM callAlert WHERE callAlert.rule = ?)"
                    : "EXISTS (SELECT 1 FROM callAlert WHERE callAlert.callId = call.id AND callAlert.rule = ?)")
            arguments.append(rule)
        case nil: break
        }
        return (conditions.joined(separator: " AND "), arguments)
    }
}
