import NIOConcurrencyHelpers
import NIOCore

/// The principals the `LiveUpgradeGate` admitted, by connection, until the WebSocket router
/// takes them: a live connection's token is checked once, at the gate, and the principal found
/// there is what the connection runs as. An entry lives at most as long as its connection
/// (removed when taken or when the connection closes), so there are never more than the open
/// connections.
final class AdmittedUpgrades: Sendable {
    private let admitted = NIOLockedValueBox<[ObjectIdentifier: Principal]>([:])

    /// Records that `channel`'s upgrade request may go ahead as `principal`.
    func admit(_ principal: Principal, on channel: any Channel) {
        let key = ObjectIdentifier(channel)
        admitted.withLockedValue { $0[key] = principal }
        channel.closeFuture.whenComplete { [admitted] _ in
            _ = admitted.withLockedValue { $0.removeValue(forKey: key) }
        }
    }

    /// The principal admitted on the connection `key` names, removed from the table.
    func take(_ key: ObjectIdentifier) -> Principal? {
        admitted.withLockedValue { $0.removeValue(forKey: key) }
    }

    /// Connections admitted and not yet taken (tests).
    var count: Int { admitted.withLockedValue { $0.count } }
}
