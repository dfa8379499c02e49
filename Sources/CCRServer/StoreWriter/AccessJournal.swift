import CCRStore
import Foundation
import Hummingbird
import Logging

/// Writes the access journal for the API: every read of call data, export, erasure and review,
/// and every failed login, with the caller's token and address. Access that cannot be journaled
/// is refused (503), so nothing is read unrecorded.
struct AccessJournal: Sendable {
    let journal: any JournalStore

    /// Records what the authenticated caller of `context` did.
    func record(_ context: APIRequestContext, action: String, target: String = "-", detail: String = "") async throws(APIError) {
        let actor = context.identity.map { "token:\($0.tokenId)" } ?? "anonymous"
        try await record(JournalRecord(actor: actor, action: action, target: target, source: context.sourceAddress, detail: detail), logger: context.logger)
    }

    func record(_ record: JournalRecord, logger: Logger) async throws(APIError) {
        try await APIError.whenStoreFails(
            code: "journal_unavailable", message: "the access journal cannot be written now; see the server log",
            log: "cannot write the access journal; refusing the request", logger: logger, metadata: ["journal.action": "\(record.action)"]
        ) { () async throws(StoreError) in try await journal.journal(record, now: Date()) }
    }

    /// How a person is named in the journal.
    func pseudonym(_ kind: String, _ identifier: String) -> String {
        journal.pseudonym(kind: kind, of: identifier)
    }

    /// How a call is named in the journal: its id may hold an agent's id (static lines name
    /// calls `AGENT-TIME-SSRC`), so it is pseudonymized like a person.
    func callTarget(_ id: String) -> String {
        pseudonym("call", id)
    }

    /// A filter as journal detail: every value a client typed is pseudonymized (keyed hash), so
    /// no identifier survives an erasure here; times, scores and the token's own scope are kept.
    func describe(_ filter: CallFilter, format: String? = nil) -> String {
        var parts: [String] = []
        if let agent = filter.agentId { parts.append("agent=\(pseudonym("agent", agent))") }
        if let caller = filter.callerNumber { parts.append("caller=\(pseudonym("caller", caller))") }
        if let team = filter.team { parts.append("team=\(pseudonym("team", team))") }
        if let from = filter.from { parts.append("from=\(from.formatted(.iso8601))") }
        if let to = filter.to { parts.append("to=\(to.formatted(.iso8601))") }
        if let minScore = filter.minScore { parts.append("minScore=\(minScore)") }
        if let maxScore = filter.maxScore { parts.append("maxScore=\(maxScore)") }
        switch filter.alert {
        case .anyAlert: parts.append("alert=any")
        case .noAlert: parts.append("alert=none")
        case .rule(let rule): parts.append("alert=\(pseudonym("rule", rule))")
        case nil: break
        }
        if let teams = filter.teams { parts.append("scope=\(teams.joined(separator: "+"))") }
        if let format { parts.append("format=\(format)") }
        return parts.joined(separator: " ")
    }

    /// Route words kept in a journaled path; every other segment (ids, numbers) becomes `:id`.
    static let routeWords: Set<Substring> = [
        "v1", "calls", "end", "review", "agents", "summary", "export", "subjects", "agent", "caller", "live", "healthz",
    ]

    /// The shape of a request path, for entries about requests that named no valid token:
    /// `/v1/agents/:id/summary`, never the id itself.
    static func routeShape(_ path: String) -> String {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).prefix(8)
        return segments.map { $0.isEmpty || routeWords.contains($0) ? String($0) : ":id" }.joined(separator: "/")
    }
}
