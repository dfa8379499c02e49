import CCRCore
import CCRStore
import Hummingbird
import Logging

/// `DELETE /v1/subjects/agent/{id}` and `DELETE /v1/subjects/caller/{number}` (admin): erase every
/// stored row about a person, tell every holder of call data to forget them, and answer with what
/// was removed.
struct SubjectController {
    typealias Context = APIRequestContext
    let archive: any CallArchive
    let journal: AccessJournal
    /// Everything else that keeps call data in memory, as `buildApplication` lists it.
    let holders: [any SubjectForgetting]

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
        var removed: ErasureReportResponse
        var forgottenLiveEvents: Int
    }

    func erase(_ subject: Subject, _ context: Context) async throws -> Erased {
        let report = try await APIError.whenStoreFails { () async throws(StoreError) in try await archive.erase(subject) }
        // One message to every holder, in the order listed (the store writer first: a call
        // waiting to be written must not bring the person back).
        var forgotten: [String: Int] = [:]
        for holder in holders { forgotten[holder.holderName, default: 0] += holder.forget(subject) }
        let forgottenLiveEvents = forgotten["live"] ?? 0
        let detail = forgotten.keys.sorted().filter { $0 != "live" }.map { "\($0)=\(forgotten[$0] ?? 0)" }.joined(separator: " ")
        try await journal.record(
            context, action: "subject.erase", target: journal.pseudonym(subject.kind, subject.identifier),
            detail: "calls=\(report.calls) alerts=\(report.alerts) reviews=\(report.reviews) liveCalls=\(report.liveCalls) liveEvents=\(forgottenLiveEvents) \(detail)")
        context.logger.notice(
            "subject erased", metadata: ["subject.kind": "\(subject.kind)", "erase.calls": "\(report.calls)", "erase.liveCalls": "\(report.liveCalls)"])
        return Erased(subject: subject.kind, identifier: subject.identifier, removed: ErasureReportResponse(report), forgottenLiveEvents: forgottenLiveEvents)
    }
}
