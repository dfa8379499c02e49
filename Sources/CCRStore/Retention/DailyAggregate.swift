import GRDB

/// Anonymized statistics of one team's calls on one UTC day: no agent, caller or call id. Calls
/// are folded in just before they are purged or erased, so these survive both.
public struct DailyAggregate: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "dailyAggregate"

    /// YYYY-MM-DD, UTC, of the calls' start.
    public var day: String
    /// The team, "" for calls without one.
    public var team: String
    public var calls: Int
    /// Calls that had a final score.
    public var scoredCalls: Int
    public var scoreSum: Double
    public var alerts: Int
    public var durationSeconds: Double

    /// The columns queries name (the record itself is read and written through Codable).
    public enum Columns {
        static let day = Column(CodingKeys.day)
        static let team = Column(CodingKeys.team)
    }

    /// Mean final score of the scored calls.
    public var meanScore: Double? { scoredCalls > 0 ? scoreSum / Double(scoredCalls) : nil }
}
