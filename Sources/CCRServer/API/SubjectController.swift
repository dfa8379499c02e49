import CCRMedia
import CCRStore
import Hummingbird
import Logging

/// `DELETE /v1/subjects/agent/{id}` and `DELETE /v1/subjects/caller/{number}` (admin): erase every
/// stored row about a person and answer with what was removed.
struct SubjectController {
    typealias Context = APIRequestContext
    let store: Store
    let journal: AccessJournal
    /// Holds recently ended calls in memory; they are forgotten too.
    let switchboard: Switchboard
    /// Keeps recent events for reconnecting dashboards; an erased agent's are forgotten.
    let hub: LiveHub

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let admin = routes.group().add(middleware: RoleRequirement(.admin))
        admin.delete("agent/:id") { request, context in try await erase(.agent(context.parameters.require("id")), context) }
        admin.delete("caller/:id") { request, context in try await erase(.caller(context.parameters.require("id")), context) }
        return routes
    }

    /// The answer: the person as asked, the rows removed, and the events forgotten from the live
    /// channel's replay buffer.
    struct Erased: ResponseEncodable {
        var subject: String
        var identifier: String
        var removed: ErasureReport
        var forgottenLiveEvents: Int
    }

    func erase(_ subject: Subject, _ context: Context) async throws -> Erased {
        let report = try await CallController.storeCall { () async throws(StoreError) in try await store.erase(subject) }
        // Live events name agents, never callers: only an agent's are in the replay buffer.
        var forgottenLiveEvents = 0
        switch subject {
        case .agent(let id):
            switchboard.forgetEnded(agentId: id)
            forgottenLiveEvents = hub.forget(agentId: id)
        case .caller(let number):
            switchboard.forgetEnded(callerNumber: number)
        }
        try await journal.record(
            context, action: "subject.erase", target: journal.pseudonym(subject.kind, subject.identifier),
            detail: "calls=\(report.calls) alerts=\(report.alerts) reviews=\(report.reviews) liveCalls=\(report.liveCalls) liveEvents=\(forgottenLiveEvents)")
        context.logger.notice(
            "subject erased", metadata: ["subject.kind": "\(subject.kind)", "erase.calls": "\(report.calls)", "erase.liveCalls": "\(report.liveCalls)"])
        return Erased(subject: subject.kind, identifier: subject.identifier, removed: report, forgottenLiveEvents: forgottenLiveEvents)
    }
}
