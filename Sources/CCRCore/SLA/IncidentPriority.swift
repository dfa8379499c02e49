/// An incident's priority under the service contract: P1 an essential function unavailable
/// (or a major security incident), P2 an essential function degraded, P3 minor.
public enum IncidentPriority: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case p1 = "P1"
    case p2 = "P2"
    case p3 = "P3"

    public static func < (lhs: IncidentPriority, rhs: IncidentPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
