import CCRCore
import GRDB

/// Incidents (`incident`).
extension Store {
    /// What acknowledging an incident came to.
    public enum IncidentAcknowledgement: Sendable, Equatable {
        case acknowledged(Incident)
        case noSuchIncident
        case alreadyAcknowledged(Incident)
    }

    /// Records a new incident; it with its id.
    public func openIncident(_ incident: Incident) throws(StoreError) -> Incident {
        try write("open incident") { db in
            var stored = incident
            try stored.insert(db)
            return stored
        }
    }

    /// Closes an open incident at `at` (an incident already closed keeps its first close).
    public func closeIncident(id: Int64, at: WallTime) throws(StoreError) {
        try write("close incident") { db in
            try db.execute(sql: "UPDATE incident SET closedAt = ? WHERE id = ? AND closedAt IS NULL", arguments: [at.milliseconds, id])
        }
    }

    /// Incidents still open, oldest first.
    public func openIncidents() throws(StoreError) -> [Incident] {
        try read("list open incidents") { db in
            try Incident.fetchAll(db, sql: "SELECT * FROM incident WHERE closedAt IS NULL ORDER BY openedAt, id")
        }
    }

    /// Incidents opened within `period`, oldest first.
    public func incidents(openedIn period: Period) throws(StoreError) -> [Incident] {
        try read("list incidents") { db in
            try Incident.fetchAll(
                db, sql: "SELECT * FROM incident WHERE openedAt >= ? AND openedAt < ? ORDER BY openedAt, id",
                arguments: [period.start.milliseconds, period.end.milliseconds])
        }
    }

    /// An admin takes the incident in charge.
    public func acknowledgeIncident(id: Int64, by who: String, at: WallTime) throws(StoreError) -> IncidentAcknowledgement {
        try write("acknowledge incident") { db in
            guard var incident = try Incident.fetchOne(db, key: id) else { return .noSuchIncident }
            if incident.acknowledgedAt != nil { return .alreadyAcknowledged(incident) }
            incident.acknowledgedAt = at.milliseconds
            incident.acknowledgedBy = who
            try incident.update(db)
            return .acknowledged(incident)
        }
    }
}
