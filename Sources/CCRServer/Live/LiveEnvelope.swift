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
    /// Emptied when erased.
    var message: ByteBuffer
    /// Set when the person the event is about was erased: the envelope keeps its place (replay
    /// counts on the ring having no gaps in `seq`) but is never sent again.
    var erased = false

    /// Drops the message for good.
    mutating func erase() {
        erased = true
        message = ByteBuffer()
    }
}
