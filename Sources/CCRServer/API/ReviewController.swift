import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth

/// `GET /v1/reviews/queue?days=&limit=`: the calls waiting for a supervisor's validation
/// (ended, never reviewed, started within `days`, default 7): those that raised a critical alert
/// first, then the lowest scores. A supervisor sees its teams' calls only; every read is journaled.
struct ReviewController {
    typealias Context = APIRequestContext
    let archive: any CallArchive
    let journal: AccessJournal

    static let defaultDays = 7
    static let maxDays = 92
    static let defaultLimit = 50

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.group().add(middleware: RoleRequirement(.supervisor, .admin)).get("queue", use: queue)
        return routes
    }

    /// One waiting call: the call as listed, and its critical alerts.
    struct Entry: Encodable {
        var call: StoredCallResponse
        var criticalAlerts: Int
    }

    struct Queue: ResponseEncodable {
        var since: Date
        var calls: [Entry]
    }

    @Sendable func queue(request: Request, context: Context) async throws -> Queue {
        let principal = try context.requireIdentity()
        let query = request.uri.queryParameters
        var days = Self.defaultDays
        if let text = query["days"].map(String.init) {
            guard let value = Int(text), (1...Self.maxDays).contains(value) else {
                throw APIError.badRequest("days must be a whole number from 1 to \(Self.maxDays)")
            }
            days = value
        }
        var limit = Self.defaultLimit
        if let text = query["limit"].map(String.init) {
            guard let value = Int(text), (1...Store.maxReviewQueue).contains(value) else {
                throw APIError.badRequest("limit must be a whole number from 1 to \(Store.maxReviewQueue)")
            }
            limit = value
        }
        let since = Date().addingTimeInterval(-Double(days) * 86_400)
        let scope = principal.role == .admin ? nil : principal.teams.sorted()
        let entries = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await archive.reviewQueue(since: since, teams: scope, limit: limit)
        }
        try await journal.record(context, action: "reviews.queue", detail: "days=\(days) count=\(entries.count)")
        return Queue(since: since, calls: entries.map { Entry(call: StoredCallResponse($0.call), criticalAlerts: $0.criticalAlerts) })
    }
}
