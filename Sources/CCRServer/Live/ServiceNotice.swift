import CCRCore

/// A notice about the service itself, not about a call, sent on the live channel: maintenance
/// announced ahead or cancelled (to every client), incidents opened, closed or taken in charge
/// (to admins only). See docs/live.md, *Service notices*.
public enum ServiceNotice: Sendable, Equatable, Encodable {
    /// A window begins within 24 h (`day`) or within 1 h (`hour`).
    case maintenanceScheduled(MaintenanceNotice, stage: MaintenanceNotice.Stage, startsInSeconds: Int64)
    /// An announced window that was coming was cancelled.
    case maintenanceCancelled(MaintenanceNotice)
    case incidentOpened(IncidentResponse)
    case incidentClosed(IncidentResponse)
    case incidentAcknowledged(IncidentResponse)

    /// Who receives it.
    var audience: LiveEnvelope.Audience {
        switch self {
        case .maintenanceScheduled, .maintenanceCancelled: .everyone
        case .incidentOpened, .incidentClosed, .incidentAcknowledged: .admins
        }
    }

    var kind: LiveFilter.Kind {
        switch self {
        case .maintenanceScheduled, .maintenanceCancelled: .maintenance
        case .incidentOpened, .incidentClosed, .incidentAcknowledged: .incidents
        }
    }

    /// The `type` of the notice on the wire.
    public var type: String {
        switch self {
        case .maintenanceScheduled: "maintenance.scheduled"
        case .maintenanceCancelled: "maintenance.cancelled"
        case .incidentOpened: "incident.opened"
        case .incidentClosed: "incident.closed"
        case .incidentAcknowledged: "incident.acknowledged"
        }
    }

    private enum CodingKeys: String, CodingKey { case type, maintenance, stage, startsInSeconds, incident }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        switch self {
        case .maintenanceScheduled(let window, let stage, let seconds):
            try container.encode(window, forKey: .maintenance)
            try container.encode(stage, forKey: .stage)
            try container.encode(seconds, forKey: .startsInSeconds)
        case .maintenanceCancelled(let window):
            try container.encode(window, forKey: .maintenance)
        case .incidentOpened(let incident), .incidentClosed(let incident), .incidentAcknowledged(let incident):
            try container.encode(incident, forKey: .incident)
        }
    }
}
