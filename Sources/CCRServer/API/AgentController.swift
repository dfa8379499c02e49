import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth

/// `GET /v1/agents/{id}/summary?from=&to=`: an agent's stored calls per day (supervisors: only
/// calls of their teams).
struct AgentController {
    typealias Context = APIRequestContext
    let archive: any CallArchive
    let journal: AccessJournal

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.group().add(middleware: RoleRequirement(.supervisor, .admin)).get(":id/summary", use: summary)
        return routes
    }

    /// The answer: the agent, the period asked for, and one entry per day with calls.
    struct Summary: ResponseEncodable {
        var agentId: String
        var from: Date?
        var to: Date?
        var days: [AgentDayResponse]
    }

    @Sendable func summary(request: Request, context: Context) async throws -> Summary {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let query = try CallQuery(request, principal: principal)
        try await journal.record(
            context, action: "agent.summary", target: journal.pseudonym("agent", id), detail: journal.describe(query.filter))
        let days = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.agentSummary(agentId: id, from: query.filter.from, to: query.filter.to, teams: query.filter.teams)
        }
        return Summary(agentId: id, from: query.filter.from, to: query.filter.to, days: days.map(AgentDayResponse.init))
    }
}
