import Synchronization

/// The HTTP connections open now, against a cap (`http.maxConnections`), shared by every
/// connection's `ConnectionLimit`. The cap can change at run time (SIGHUP reload).
public final class ConnectionCount: Sendable {
    private let opened = Atomic<Int>(0)
    private let cap: Atomic<Int>
    private let refused = Atomic<Int>(0)

    public init(cap: Int) {
        self.cap = Atomic(cap)
    }

    /// Connections open now.
    public var current: Int { opened.load(ordering: .relaxed) }
    /// The cap now.
    public var limit: Int { cap.load(ordering: .relaxed) }
    /// Connections refused because the cap was reached, since start.
    public var refusedTotal: Int { refused.load(ordering: .relaxed) }

    public func setCap(_ value: Int) {
        cap.store(value, ordering: .relaxed)
    }

    /// Takes a slot for a new connection; false (and counted) when none is left.
    func take() -> Bool {
        let now = opened.wrappingAdd(1, ordering: .relaxed).newValue
        guard now <= cap.load(ordering: .relaxed) else {
            opened.wrappingSubtract(1, ordering: .relaxed)
            refused.wrappingAdd(1, ordering: .relaxed)
            return false
        }
        return true
    }

    func give() {
        opened.wrappingSubtract(1, ordering: .relaxed)
    }
}
