import CCRCore
import CCRStore
import Foundation

/// A stored call as the API shows it (`GET /v1/calls` entries, `call` in `GET /v1/calls/{id}`):
/// who, when, how it ended, its final score, why, and its summary. Its fields are the API's
/// contract; the database row may change without changing them.
struct StoredCallResponse: Encodable, Equatable {
    var id: String
    var agentId: String
    var team: String?
    var callerNumber: String?
    /// `live` (as of its last checkpoint) or `ended`.
    var state: String
    var endReason: String?
    var startedAt: Date
    var endedAt: Date?
    var durationSeconds: Double
    var mediaSeconds: Double
    var codecs: String
    var score: Double?
    var scorecardVersion: String?
    /// Why the score is what it is, criterion by criterion (left out of list entries).
    var scoreDetail: [Scorecard.CriterionResult]?
    /// The whole call's figures (left out of list entries).
    var summary: CallSummaryResponse?
    var alertCount: Int
    var checkpointedAt: Date

    init(_ call: StoredCall) {
        id = call.id
        agentId = call.agentId
        team = call.team
        callerNumber = call.callerNumber
        state = call.state.rawValue
        endReason = call.endReason
        startedAt = call.startedAt
        endedAt = call.endedAt
        durationSeconds = call.durationSeconds
        mediaSeconds = call.mediaSeconds
        codecs = call.codecs
        score = call.score
        scorecardVersion = call.scorecardVersion
        scoreDetail = call.scoreDetail
        summary = call.summary.map(CallSummaryResponse.init)
        alertCount = call.alertCount
        checkpointedAt = call.checkpointedAt
    }
}
