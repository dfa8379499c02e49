import CCRCore
import Foundation
import NIOCore
import Synchronization

/// Service notices on the live channel: numbered and buffered like call events (so `since`
/// replays carry them), sent to the clients they are for, and kept as standing state for
/// the snapshot of clients that connect later.
extension LiveHub {
    /// Sends `notice` to every client it is for whose filter takes its kind.
    public func announce(_ notice: ServiceNotice, now: Date = Date()) {
        let body = LiveMessage.text(notice)
        let serverTime = ServerTime.format(now)
        state.withLock { state in
            switch notice {
            case .incidentOpened(let incident), .incidentAcknowledged(let incident):
                if incident.closedAt == nil { state.openIncidents[incident.component] = incident }
            case .incidentClosed(let incident):
                state.openIncidents[incident.component] = nil
            case .maintenanceScheduled, .maintenanceCancelled:
                break
            }
            state.lastSeq += 1
            let seq = state.lastSeq
            let text = #"{"type":"notice","seq":"# + String(seq) + #","serverTime":""# + serverTime + #"","notice":"# + body + "}"
            let envelope = LiveEnvelope(
                seq: seq, time: now, callId: "", agentId: nil, team: nil, kind: notice.kind, severity: nil, message: ByteBuffer(string: text),
                audience: notice.audience)
            state.add(envelope, settings: settings, now: now)
        }
    }

    /// The maintenance windows announced and not over, for snapshots.
    public func setStandingMaintenance(_ windows: [MaintenanceNotice]) {
        state.withLock { $0.standingMaintenance = windows }
    }

    /// Incidents open now, as admins' snapshots show them.
    public var openIncidents: [IncidentResponse] {
        state.withLock { $0.openIncidents.values.sorted { $0.openedAt < $1.openedAt } }
    }
}
