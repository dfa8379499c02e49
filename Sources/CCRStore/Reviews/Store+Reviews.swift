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
    }

    /// Records a review of an ended call, keeping the AI score beside it.
    public func review(
        callId: String, score: Double, comment: String?, reviewer: String, teams: [String]?, now: Date = Date()
    ) async throws(StoreError) -> ReviewOutcome {
        do {
            return try await writer.write { db in
                guard let call = try StoredCall.fetchOne(db, key: callId) else { return .noSuchCall }
                if let teams, !(call.team.map(teams.contains) ?? false) { return .noSuchCall }
                guard call.state == .ended else { return .callLive }
                var review = Review(
                    callId: callId, agentId: call.agentId, callerNumber: call.callerNumber, score: score,
                    aiScore: call.score, comment: comment, reviewer: reviewer, reviewedAt: now)
                try review.insert(db)
                return .recorded(review)
            }
        } catch {
            throw .failed(operation: "record review of \(callId)", reason: Self.describe(error))
        }
    }
}
