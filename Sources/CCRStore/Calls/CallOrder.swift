/// The order a page of stored calls comes in (`GET /v1/calls?sort=`). Every order ends on the
/// call id, so pages never overlap or skip a call. Sorted by score, calls without a score yet
/// (a live call before its first window) are left out, and the score index serves the order:
/// a page costs about a millisecond on a million calls instead of a sort of all of them.
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

    /// What the order adds to the filter.
    var condition: String? { byScore ? "call.score IS NOT NULL" : nil }

    /// The ORDER BY clause.
    var orderBy: String {
        switch self {
        case .newest: "call.startedAt DESC, call.id DESC"
        case .oldest: "call.startedAt ASC, call.id ASC"
        case .lowestScore: "call.score ASC, call.startedAt DESC, call.id DESC"
        case .highestScore: "call.score DESC, call.startedAt DESC, call.id DESC"
        }
    }

    /// The condition that keeps what comes after a cursor, with its `?` for score (if keyed on
    /// it), start time and id.
    var after: String {
        switch self {
        case .newest: "(call.startedAt, call.id) < (?, ?)"
        case .oldest: "(call.startedAt, call.id) > (?, ?)"
        case .lowestScore: "(call.score > ? OR (call.score = ? AND (call.startedAt, call.id) < (?, ?)))"
        case .highestScore: "(call.score < ? OR (call.score = ? AND (call.startedAt, call.id) < (?, ?)))"
        }
    }
}
