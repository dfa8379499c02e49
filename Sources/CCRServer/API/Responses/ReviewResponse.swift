import CCRStore
import Foundation
import Hummingbird

/// A supervisor's review of a call as the API shows it: the human score beside the AI's, who
/// gave it and when (`POST /v1/calls/{id}/review`, `reviews` in a call's detail).
struct ReviewResponse: ResponseEncodable, Equatable {
    var id: Int64?
    var callId: String
    var agentId: String
    var callerNumber: String?
    var score: Double
    var aiScore: Double?
    var comment: String?
    /// The reviewer's token: "token:ID".
    var reviewer: String
    var reviewedAt: Date
    /// `confirmed` or `corrected` (nil for reviews stored before verdicts were kept).
    var verdict: String?
    /// The criteria corrected: name, metric, the machine's points lost and the supervisor's.
    var criteria: [CriterionCorrection]?

    init(_ review: Review) {
        id = review.id
        callId = review.callId
        agentId = review.agentId
        callerNumber = review.callerNumber
        score = review.score
        aiScore = review.aiScore
        comment = review.comment
        reviewer = review.reviewer
        reviewedAt = review.reviewedAt
        verdict = review.verdict?.rawValue
        criteria = review.criteria
    }
}
