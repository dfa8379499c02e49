import CCRStore
import Foundation
import Hummingbird

/// The query parameters of `GET /v1/calls`, `/v1/export` and `/v1/agents/{id}/summary`, read
/// into a `CallFilter` with a 400 for each mistake.
struct CallQuery {
    var filter: CallFilter
    var limit: Int
    var cursor: CallCursor?
    /// `sort`: `newest` (default), `oldest`, `score` (lowest first), `-score` (highest first).
    var order: CallOrder = .newest

    static let defaultLimit = 50

    init(_ request: Request, principal: Principal) throws(APIError) {
        let query = request.uri.queryParameters
        func text(_ key: String) -> String? {
            query[Substring(key)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
        }
        filter = CallFilter(
            agentId: text("agent"), team: text("team"), callerNumber: text("caller"),
            from: try Self.date(text("from"), key: "from"), to: try Self.date(text("to"), key: "to"),
            minScore: try Self.score(text("minScore"), key: "minScore"), maxScore: try Self.score(text("maxScore"), key: "maxScore"),
            alert: text("alert").map(CallFilter.AlertCondition.init(parameter:)),
            teams: principal.role == .admin ? nil : principal.teams.sorted(), category: text("category"))
        if let category = filter.category, category.count > 64 {
            throw .badRequest("category must be a category id of at most 64 characters, such as billing")
        }
        if let from = filter.from, let to = filter.to, from >= to {
            throw .badRequest("from must be before to")
        }
        limit = Self.defaultLimit
        if let value = text("limit") {
            guard let limit = Int(value), (1...Store.maxPageSize).contains(limit) else {
                throw .badRequest("limit must be a whole number from 1 to \(Store.maxPageSize)")
            }
            self.limit = limit
        }
        if let value = text("sort") {
            guard let order = CallOrder(rawValue: value) else {
                throw .badRequest("sort must be one of \(CallOrder.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            self.order = order
        }
        if let value = text("cursor") {
            guard let cursor = CallCursor(text: value) else {
                throw .badRequest("cursor is not one this server returned (use nextCursor from the previous page)")
            }
            guard cursor.order == order else {
                throw .badRequest("cursor belongs to a page sorted by \(cursor.order.rawValue), not \(order.rawValue): keep sort as it was")
            }
            self.cursor = cursor
        }
    }

    /// ISO 8601 date-time ("2026-11-22T10:00:00Z"), a UTC day ("2026-11-22") or Unix seconds.
    static func date(_ text: String?, key: String) throws(APIError) -> Date? {
        guard let text else { return nil }
        if let date = CallFilter.time(text) { return date }
        throw .badRequest("\(key) must be an ISO 8601 time (2026-11-22T10:00:00Z), a day (2026-11-22) or Unix seconds, between 1970 and 9999")
    }

    static func score(_ text: String?, key: String) throws(APIError) -> Double? {
        guard let text else { return nil }
        guard let value = Double(text), (0...100).contains(value) else {
            throw .badRequest("\(key) must be a number from 0 to 100")
        }
        return value
    }
}
