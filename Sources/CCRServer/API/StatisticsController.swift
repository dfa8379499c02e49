import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth

/// `GET /v1/stats?team=&from=&to=`: anonymized daily counts per team — calls, mean score,
/// alerts, calls per category, irritant phrases, script steps missed. Days are UTC
/// (YYYY-MM-DD, inclusive); supervisors see their teams only.
struct StatisticsController {
    typealias Context = APIRequestContext
    let archive: any CallArchive
    let journal: AccessJournal

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.group().add(middleware: RoleRequirement(.supervisor, .admin)).get(use: statistics)
        return routes
    }

    struct Answer: ResponseEncodable {
        var from: String?
        var to: String?
        var team: String?
        var days: [DailyStatisticsResponse]
    }

    @Sendable func statistics(request: Request, context: Context) async throws -> Answer {
        let principal = try context.requireIdentity()
        let query = request.uri.queryParameters
        func text(_ key: String) -> String? { query[Substring(key)].map(String.init).flatMap { $0.isEmpty ? nil : $0 } }
        let from = try Self.day(text("from"), key: "from")
        let to = try Self.day(text("to"), key: "to")
        if let from, let to, from > to { throw APIError.badRequest("from must not be after to") }
        let team = text("team")
        if let team, team.count > 128 { throw APIError.badRequest("team must be a team name of at most 128 characters") }
        let teams = principal.role == .admin ? nil : principal.teams.sorted()
        try await journal.record(context, action: "stats.read", target: team.map { "team:\($0)" } ?? "all", detail: "from=\(from ?? "") to=\(to ?? "")")
        let days = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.statistics(fromDay: from, toDay: to, team: team, teams: teams)
        }
        return Answer(from: from, to: to, team: team, days: days.map(DailyStatisticsResponse.init))
    }

    /// A UTC day, YYYY-MM-DD (a time is taken for its day).
    static func day(_ text: String?, key: String) throws(APIError) -> String? {
        guard let text else { return nil }
        guard let date = CallFilter.time(text) else {
            throw .badRequest("\(key) must be a day (2026-11-22), an ISO 8601 time or Unix seconds, between 1970 and 9999")
        }
        return date.formatted(.iso8601.year().month().day())
    }
}
