import CCRCore
import Foundation
import NIOCore

/// One published event as the hub keeps it: its sequence number, when it was published, what
/// filters look at, and the full message, encoded once and shared by every client's socket.
struct LiveEnvelope: Sendable {
    let seq: UInt64
    let time: Date
    let callId: String
    let agentId: String?
    let team: String?
    let kind: LiveFilter.Kind
    /// For alerts only.
    let severity: Severity?
    private(set) var message: ByteBuffer
    /// Set when the person the event is about was erased: the envelope keeps its place (replay
    /// counts on the ring having no gaps in `seq`) but is never sent again.
    private(set) var erased = false

    init(
        seq: UInt64, time: Date, callId: String, agentId: String?, team: String?, kind: LiveFilter.Kind, severity: Severity?,
        message: ByteBuffer
    ) {
        self.seq = seq
        self.time = time
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.kind = kind
        self.severity = severity
        self.message = message
    }

    /// Drops the message for good.
    mutating func erase() {
        erased = true
        message = ByteBuffer()
    }
}
