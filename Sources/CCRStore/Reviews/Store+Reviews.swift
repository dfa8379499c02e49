import Foundation
import GRDB

/// Human validation of stored calls.
extension Store {
    /// Why a review was not recorded.
    public enum ReviewOutcome: Sendable, Equatable {
        case recorded(Review)
        /// No such stored call (or not in the reviewer's teams).
        case noSuchCall
        /// The call is still live: it can be reviewed once it has ended.
        case callLive
        /// The input does not fit the call's score (nothing to confirm, an unknown criterion …).
        case invalid(ReviewInput.Problem)
    }

    /// Records a review of an ended call with an overall score, keeping the AI score beside it.
    public func review(
        callId: String, score: Double, comment: String?, reviewer: String, teams: [String]?, now: Date = Date()
    ) async throws(StoreError) -> ReviewOutcome {
        try await review(callId: callId, ReviewInput(score: score, comment: comment), reviewer: reviewer, teams: teams, now: now)
    }

    /// Records a supervisor's validation of an ended call: the machine's score confirmed, or
    /// corrected overall or criterion by criterion, kept beside the machine's score and
    /// explanation with who validated and when.
    public func review(
        callId: String, _ input: ReviewInput, reviewer: String, teams: [String]?, now: Date = Date()
    ) async throws(StoreError) -> ReviewOutcome {
        do {
            return try await writer.write { db in
                guard let call = try StoredCall.fetchOne(db, key: callId) else { return .noSuchCall }
                if let teams, !(call.team.map(teams.contains) ?? false) { return .noSuchCall }
                guard call.state == .ended else { return .callLive }
                let resolved: (verdict: ReviewVerdict, score: Double, corrections: [CriterionCorrection])
                switch input.resolve(machineScore: call.score, explanation: call.scoreDetail) {
                case .success(let value): resolved = value
                case .failure(let problem): return .invalid(problem)
                }
                var review = Review(
                    callId: callId, agentId: call.agentId, callerNumber: call.callerNumber, score: resolved.score,
                    aiScore: call.score, comment: input.comment, reviewer: reviewer, reviewedAt: now, verdict: resolved.verdict,
                    criteria: resolved.corrections.isEmpty ? nil : resolved.corrections)
                try review.insert(db)
                return .recorded(review)
            }
        } catch {
            throw .failed(operation: "record review of \(callId)", reason: Self.describe(error))
        }
    }

    /// Most calls a review queue holds.
    public static let maxReviewQueue = 200

    /// Ended calls no one has reviewed, started since `since`, in the reader's `teams` (nil: all):
    /// those that raised a critical alert first, then the lowest scores, then the newest.
    public func reviewQueue(since: Date, teams: [String]?, limit: Int) async throws(StoreError) -> [ReviewQueueEntry] {
        let limit = min(max(1, limit), Self.maxReviewQueue)
        var filter = CallFilter(from: since, teams: teams)
        filter.alert = nil
        let (condition, values) = filter.whereClause()
        let arguments = StatementArguments(values.map { $0 as? (any DatabaseValueConvertible) }) + [limit]
        do {
            return try await writer.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(Self.listColumns),
                            (SELECT COUNT(*) FROM callAlert WHERE callAlert.callId = call.id AND callAlert.severity = 'critical') AS critical
                        FROM call
                        WHERE \(condition) AND call.state = 'ended'
                            AND NOT EXISTS (SELECT 1 FROM review WHERE review.callId = call.id)
                        ORDER BY critical > 0 DESC, COALESCE(call.score, 1000) ASC, call.startedAt DESC, call.id DESC
                        LIMIT ?
                        """, arguments: arguments)
                return try rows.map { row in ReviewQueueEntry(call: try StoredCall(row: row), criticalAlerts: row["critical"]) }
            }
        } catch {
            throw .failed(operation: "read the review queue", reason: Self.describe(error))
        }
    }
}
