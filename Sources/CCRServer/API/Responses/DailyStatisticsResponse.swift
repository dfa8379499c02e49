import CCRStore

/// One team's day in `GET /v1/stats`: anonymized counts, no agent, caller or call.
struct DailyStatisticsResponse: Encodable, Equatable {
    var day: String
    /// null for calls without a team.
    var team: String?
    var calls: Int
    var meanScore: Double?
    var alerts: Int
    var categories: [String: Int]
    var irritants: [String: Int]
    var missedSteps: [String: Int]

    init(_ statistics: DailyStatistics) {
        day = statistics.day
        team = statistics.team.isEmpty ? nil : statistics.team
        calls = statistics.calls
        meanScore = statistics.meanScore
        alerts = statistics.alerts
        categories = statistics.categories
        irritants = statistics.irritants
        missedSteps = statistics.missedSteps
    }
}
