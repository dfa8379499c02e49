/// One day of an agent's calls (UTC): how many, the mean AI score, the mean reviewed score,
/// alerts and talk time. Days without calls are left out.
public struct AgentDay: Sendable, Codable, Equatable {
    /// YYYY-MM-DD, UTC.
    public var day: String
    public var calls: Int
    /// Mean final score of the calls that have one.
    public var meanScore: Double?
    /// Mean of the latest human review of each reviewed call.
    public var meanReviewedScore: Double?
    public var reviewedCalls: Int
    public var alerts: Int
    public var meanDurationSeconds: Double
}
