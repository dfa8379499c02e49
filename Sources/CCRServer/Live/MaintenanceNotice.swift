import CCRCore

/// A maintenance window as live clients are told of it: the weekly one from the configuration
/// or one an admin announced, when it runs, and why.
public struct MaintenanceNotice: Sendable, Equatable, Encodable {
    /// How far ahead a window is announced: within 24 h, then within 1 h.
    public enum Stage: String, Sendable, Encodable, Comparable {
        case day
        case hour

        public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs == .day && rhs == .hour }
    }

    /// `weekly:<start ms>` or `announced:<id>`: the same window keeps its key.
    public var key: String
    /// `weekly` or `announced`.
    public var kind: String
    /// The announced window's id (nil for the weekly one).
    public var id: Int64?
    public var start: String
    public var end: String
    public var reason: String?
    let period: Period

    public init(weekly period: Period) {
        key = "weekly:\(period.start.milliseconds)"
        kind = "weekly"
        id = nil
        start = period.start.description
        end = period.end.description
        reason = "weekly maintenance window (sla.maintenance)"
        self.period = period
    }

    public init(announced id: Int64, period: Period, reason: String) {
        key = "announced:\(id)"
        kind = "announced"
        self.id = id
        start = period.start.description
        end = period.end.description
        self.reason = reason
        self.period = period
    }

    private enum CodingKeys: String, CodingKey { case key, kind, id, start, end, reason }
}
