import CCRCore
import CCRStore

/// Incidents as the API reads and acknowledges them (the state database).
public protocol IncidentLog: Sendable {
    func incidents(openedIn period: Period) throws(StoreError) -> [Incident]
    func acknowledgeIncident(id: Int64, by who: String, at: WallTime) throws(StoreError) -> Store.IncidentAcknowledgement
}

extension Store: IncidentLog {}
