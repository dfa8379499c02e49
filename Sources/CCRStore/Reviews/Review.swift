import Foundation
import GRDB

/// A supervisor's validation of a call's score: the human score beside the AI one, who gave it
/// and when. A call can be reviewed more than once; the latest review counts in summaries.
public struct Review: Sendable, Codable, Equatable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "review"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .millisecondsSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .millisecondsSince1970 }

    public var id: Int64?
    public var callId: String
    public var agentId: String
    public var callerNumber: String?
    /// The reviewer's score, 0 ... 100.
    public var score: Double
    /// The AI's final score when the review was made.
    public var aiScore: Double?
    public var comment: String?
    /// The reviewer's token: "token:ID".
    public var reviewer: String
    public var reviewedAt: Date
    /// Whether the machine's score was confirmed or corrected (nil for reviews stored before
    /// verdicts were kept).
    public var verdict: ReviewVerdict?
    /// The criteria the supervisor corrected, with the machine's points beside theirs.
    public var criteria: [CriterionCorrection]?

    /// The columns queries name (the record itself is read and written through Codable).
    public enum Columns {
        static let id = Column(CodingKeys.id)
        static let callId = Column(CodingKeys.callId)
    }

    public init(
        callId: String, agentId: String, callerNumber: String?, score: Double, aiScore: Double?, comment: String?,
        reviewer: String, reviewedAt: Date, verdict: ReviewVerdict? = nil, criteria: [CriterionCorrection]? = nil
    ) {
        self.verdict = verdict
        self.criteria = criteria
        self.callId = callId
        self.agentId = agentId
        self.callerNumber = callerNumber
        self.score = score
        self.aiScore = aiScore
        self.comment = comment
        self.reviewer = reviewer
        self.reviewedAt = reviewedAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
