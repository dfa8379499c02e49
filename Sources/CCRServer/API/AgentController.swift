import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth

/// `GET /v1/agents?from=&to=&team=`: the agents with ended calls in a period; and
/// `GET /v1/agents/{id}/summary?from=&to=&team=`: an agent's stored calls per day, with its
/// team's days beside them (every agent of the team together, none named). Supervisors see
/// only calls of their teams.
struct AgentController {
    typealias Context = APIRequestContext
    let archive: any CallArchive
    let journal: AccessJournal

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let read = routes.group().add(middleware: RoleRequirement(.supervisor, .admin))
        read.get(use: list)
        read.get(":id/summary", use: summary)
        return routes
    }

    /// One agent of the list.
    struct AgentEntry: Encodable {
        var agentId: String
        var teams: [String]
        var calls: Int
        var meanScore: Double?
        var alerts: Int
        var lastCallAt: Date
    }

    struct AgentList: ResponseEncodable {
        var from: Date?
        var to: Date?
        var agents: [AgentEntry]
    }

    /// The answer: the agent, the period asked for, one entry per day with calls, and the team
    /// it is compared with (`team`: asked for, or the team of the agent's latest call) with that
    /// team's days.
    struct Summary: ResponseEncodable {
        var agentId: String
        var from: Date?
        var to: Date?
        var days: [AgentDayResponse]
        var team: String?
        var teamDays: [AgentDayResponse]
    }

    @Sendable func list(request: Request, context: Context) async throws -> AgentList {
        let principal = try context.requireIdentity()
        let query = try CallQuery(request, principal: principal)
        let filter = query.filter
        try await journal.record(context, action: "agents.list", detail: journal.describe(filter))
        let agents = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.agents(from: filter.from, to: filter.to, team: filter.team, teams: filter.teams)
        }
        return AgentList(
            from: filter.from, to: filter.to,
            agents: agents.map {
                AgentEntry(agentId: $0.agentId, teams: $0.teams, calls: $0.calls, meanScore: $0.meanScore, alerts: $0.alerts, lastCallAt: $0.lastCallAt)
            })
    }

    @Sendable func summary(request: Request, context: Context) async throws -> Summary {
        let id = try context.parameters.require("id")
        let principal = try context.requireIdentity()
        let query = try CallQuery(request, principal: principal)
        let filter = query.filter
        try await journal.record(
            context, action: "agent.summary", target: journal.pseudonym("agent", id), detail: journal.describe(filter))
        let days = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.agentSummary(agentId: id, from: filter.from, to: filter.to, teams: filter.teams)
        }
        // The team to compare with: the one asked for, else the agent's latest call's.
        var team = filter.team
        if team == nil {
            let latest = try await APIError.whenStoreFails { () async throws(StoreError) in
                try await archive.calls(
                    matching: CallFilter(agentId: id, from: filter.from, to: filter.to, teams: filter.teams), limit: 1, after: nil, order: .newest)
            }
            team = latest.calls.first?.team
        }
        var teamDays: [AgentDay] = []
        if let team, principal.canRead(team: team) {
            teamDays = try await APIError.whenStoreFails { () async throws(StoreError) in
                try await archive.teamSummary(team: team, from: filter.from, to: filter.to, teams: filter.teams)
            }
        }
        return Summary(
            agentId: id, from: filter.from, to: filter.to, days: days.map(AgentDayResponse.init), team: team,
            teamDays: teamDays.map(AgentDayResponse.init))
    }
}
