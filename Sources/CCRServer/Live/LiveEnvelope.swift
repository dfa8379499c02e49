import CCRCore
import CCRStore
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
    /// Who may receive it: a call's event goes by its team; service notices to everyone or to
    /// admins only.
    var audience: Audience = .call

    enum Audience: Sendable {
        case call
        case everyone
        case admins
    }

    /// Whether `principal` may receive it (its filter is checked apart).
    func visible(to principal: Principal) -> Bool {
        switch audience {
        case .call: principal.canRead(team: team)
        case .everyone: principal.role == .admin || principal.role == .supervisor
        case .admins: principal.role == .admin
        }
    }
    /// Set when the person the event is about was erased: the envelope keeps its place (replay
    /// counts on the ring having no gaps in `seq`) but is never sent again.
    var erased = false

    /// Whether it is about one of `agentId`'s calls other than `live` ones.
    func isAbout(_ agentId: String, exceptCalls live: Set<String>) -> Bool {
        self.agentId == agentId && !live.contains(callId)
    }

    /// Drops the message for good.
    mutating func erase() {
        erased = true
        message = ByteBuffer()
    }
}
