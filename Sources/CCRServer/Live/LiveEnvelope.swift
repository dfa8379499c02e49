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
    let message: ByteBuffer
}
