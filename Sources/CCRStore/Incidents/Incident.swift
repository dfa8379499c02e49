import CCRCore
import GRDB

/// An incident under the service contract, opened by the health loop when a component fails
/// (P1: an essential function unavailable) or degrades (P2), or after a crash (P1, from the
/// last heartbeat to the restart); closed when the component is back. An admin acknowledges it
/// (takes it in charge) before `deadlineAt`, counted in business hours. Times are milliseconds
/// since 1970 UTC.
public struct Incident: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "incident"
    /// The component of an incident about ccrd itself not running (a crash or a kill): the
    /// outage counts as downtime already, so availability does not count the incident again.
    public static let processComponent = "ccrd"

    public var id: Int64?
    /// The component that failed (`database`, `event-loops`, `store-writer`, `disk`) or `ccrd`.
    public var component: String
    public var priority: IncidentPriority
    public var summary: String
    public var openedAt: Int64
    public var closedAt: Int64?
    /// When it must be taken in charge; nil when the contract's calendar has no business hours.
    public var deadlineAt: Int64?
    public var acknowledgedAt: Int64?
    /// `token:<id>` or `cli`.
    public var acknowledgedBy: String?

    public init(component: String, priority: IncidentPriority, summary: String, openedAt: WallTime, deadline: WallTime?) {
        self.component = component
        self.priority = priority
        self.summary = summary
        self.openedAt = openedAt.milliseconds
        self.deadlineAt = deadline?.milliseconds
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Whether it was taken in charge in time, at `now`.
    public func outcome(now: WallTime) -> IncidentOutcome {
        IncidentOutcome(
            deadline: deadlineAt.map { WallTime(milliseconds: $0) }, acknowledged: acknowledgedAt.map { WallTime(milliseconds: $0) }, now: now)
    }
}
