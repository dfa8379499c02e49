import CCRStore

/// One day of an agent's summary as the API shows it (`GET /v1/agents/{id}/summary`).
struct AgentDayResponse: Encodable, Equatable {
    /// UTC day, YYYY-MM-DD.
    var day: String
    var calls: Int
    var meanScore: Double?
    /// Mean of the latest review of each reviewed call.
    var meanReviewedScore: Double?
    var reviewedCalls: Int
    var alerts: Int
    var meanDurationSeconds: Double

    init(_ day: AgentDay) {
        self.day = day.day
        calls = day.calls
        meanScore = day.meanScore
        meanReviewedScore = day.meanReviewedScore
        reviewedCalls = day.reviewedCalls
        alerts = day.alerts
        meanDurationSeconds = day.meanDurationSeconds
    }
}
