import CCRCore
import CCRStore
import Foundation

/// What the API reads and changes in the stored calls: lists, details, reviews, agent
/// summaries, exports and erasure. The state database (`Store`) is the one that ships; tests
/// put a failing one in `ApplicationParts.archive` to drive the 503 answers.
public protocol CallArchive: Sendable {
    func callExists(id: String) async throws(StoreError) -> Bool
    func calls(matching filter: CallFilter, limit: Int, after cursor: CallCursor?, order: CallOrder) async throws(StoreError) -> CallPage
    func callDetail(id: String, teams: [String]?) async throws(StoreError) -> CallDetail?
    func review(callId: String, _ input: ReviewInput, reviewer: String, teams: [String]?, now: Date) async throws(StoreError) -> Store.ReviewOutcome
    /// Ended calls no one has validated yet (`GET /v1/reviews/queue`).
    func reviewQueue(since: Date, teams: [String]?, limit: Int) async throws(StoreError) -> [ReviewQueueEntry]
    func agentSummary(agentId: String, from: Date?, to: Date?, teams: [String]?) async throws(StoreError) -> [AgentDay]
    /// A team's days, every agent together (beside an agent's in `GET /v1/agents/{id}/summary`).
    func teamSummary(team: String, from: Date?, to: Date?, teams: [String]?) async throws(StoreError) -> [AgentDay]
    /// The agents with calls in a period (`GET /v1/agents`).
    func agents(from: Date?, to: Date?, team: String?, teams: [String]?) async throws(StoreError) -> [AgentOverview]
    func exportPage(
        matching filter: CallFilter, after cursor: CallCursor?, limit: Int
    ) async throws(StoreError) -> (calls: [CallDetail], next: CallCursor?)
    /// Anonymized daily counts per team (`GET /v1/stats`).
    func statistics(fromDay: String?, toDay: String?, team: String?, teams: [String]?) async throws(StoreError) -> [DailyStatistics]
    /// Deletes every stored row about `subject`.
    func erase(_ subject: Subject) async throws(StoreError) -> ErasureReport
}

extension Store: CallArchive {}
