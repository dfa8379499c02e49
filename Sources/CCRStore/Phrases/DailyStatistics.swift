/// Anonymized figures of one team's calls on one UTC day: no agent, caller or call id. The
/// days of calls already purged or erased come from the daily aggregates they were folded into,
/// the others from the calls still kept; both add up.
public struct DailyStatistics: Sendable, Equatable, Codable {
    /// YYYY-MM-DD, UTC.
    public var day: String
    /// "" for calls without a team.
    public var team: String
    public var calls: Int
    public var scoredCalls: Int
    public var scoreSum: Double
    public var alerts: Int
    /// Calls per category.
    public var categories: [String: Int]
    /// Irritant phrases said, per phrase.
    public var irritants: [String: Int]
    /// Script steps not said, per step.
    public var missedSteps: [String: Int]

    public init(day: String, team: String) {
        self.day = day
        self.team = team
        calls = 0
        scoredCalls = 0
        scoreSum = 0
        alerts = 0
        categories = [:]
        irritants = [:]
        missedSteps = [:]
    }

    public var meanScore: Double? { scoredCalls > 0 ? scoreSum / Double(scoredCalls) : nil }
}
