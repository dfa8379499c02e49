/// The order a page of stored calls comes in (`GET /v1/calls?sort=`). Every order ends on the
/// call id, so pages never overlap or skip a call; a call without a score sorts after the
/// scored ones either way.
public enum CallOrder: String, Sendable, Equatable, CaseIterable {
    /// Newest first (start time, then id): the default.
    case newest
    /// Oldest first.
    case oldest
    /// Lowest score first, then newest.
    case lowestScore = "score"
    /// Highest score first, then newest.
    case highestScore = "-score"

    /// Whether pages of this order are keyed on the score as well as the start time.
    var byScore: Bool { self == .lowestScore || self == .highestScore }

    /// The score a call without one sorts as: after every real score (0 ... 100).
    var missingScore: Double { self == .lowestScore ? 1000 : -1000 }

    /// The ORDER BY clause.
    var orderBy: String {
        switch self {
        case .newest: "call.startedAt DESC, call.id DESC"
        case .oldest: "call.startedAt ASC, call.id ASC"
        case .lowestScore: "COALESCE(call.score, 1000) ASC, call.startedAt DESC, call.id DESC"
        case .highestScore: "COALESCE(call.score, -1000) DESC, call.startedAt DESC, call.id DESC"
        }
    }

    /// The condition that keeps what comes after a cursor, with its `?` for score (if keyed on
    /// it), start time and id.
    var after: String {
        switch self {
        case .newest: "(call.startedAt, call.id) < (?, ?)"
        case .oldest: "(call.startedAt, call.id) > (?, ?)"
        case .lowestScore:
            "(COALESCE(call.score, 1000) > ? OR (COALESCE(call.score, 1000) = ? AND (call.startedAt, call.id) < (?, ?)))"
        case .highestScore:
            "(COALESCE(call.score, -1000) < ? OR (COALESCE(call.score, -1000) = ? AND (call.startedAt, call.id) < (?, ?)))"
        }
    }
}
