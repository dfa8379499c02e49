import CCRCore
import Foundation

/// One published event as the hub keeps it: its sequence number, when it was published, what
/// filters look at, and the full message text, encoded once for every client.
struct LiveEnvelope: Sendable {
    let seq: UInt64
    let time: Date
    let callId: String
    let agentId: String?
    let team: String?
    let kind: LiveFilter.Kind
    /// For alerts only.
    let severity: Severity?
    let text: String
}
