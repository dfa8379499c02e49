import CCRCore
import CCRStore
import Hummingbird

/// An incident as the API and the report show it, with its outcome at the time of asking.
public struct IncidentResponse: ResponseEncodable, Equatable, Sendable {
    /// Absent only in a live notice of an incident the database could not record yet (its own).
    public var id: Int64?
    public var priority: String
    public var component: String
    public var summary: String
    public var openedAt: String
    public var closedAt: String?
    /// When it must be taken in charge (business hours of the contract's calendar).
    public var deadline: String?
    public var acknowledgedAt: String?
    public var acknowledgedBy: String?
    /// `met`, `breached` or `pending`.
    public var outcome: String

    public init(_ incident: Incident, now: WallTime) {
        id = incident.id
        priority = incident.priority.rawValue
        component = incident.component
        summary = incident.summary
        openedAt = WallTime(milliseconds: incident.openedAt).description
        closedAt = incident.closedAt.map { WallTime(milliseconds: $0).description }
        deadline = incident.deadlineAt.map { WallTime(milliseconds: $0).description }
        acknowledgedAt = incident.acknowledgedAt.map { WallTime(milliseconds: $0).description }
        acknowledgedBy = incident.acknowledgedBy
        outcome = incident.outcome(now: now).rawValue
    }
}
