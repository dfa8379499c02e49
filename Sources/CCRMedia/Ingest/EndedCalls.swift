/// The last few ended calls, kept in memory so the API can still show how they finished.
struct EndedCalls: Sendable {
    private let capacity: Int
    private var order: [String] = []
    private var head = 0
    private var calls: [String: CallSnapshot] = [:]

    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    mutating func insert(_ call: CallSnapshot) {
        guard capacity > 0 else { return }
        if calls[call.callId] == nil {
            if order.count < capacity {
                order.append(call.callId)
            } else {
                calls[order[head]] = nil
                order[head] = call.callId
                head = (head + 1) % capacity
            }
        }
        calls[call.callId] = call
    }

    subscript(id: String) -> CallSnapshot? { calls[id] }

    /// Whether a kept call matches `predicate`.
    func contains(where predicate: (CallSnapshot) -> Bool) -> Bool {
        calls.values.contains(where: predicate)
    }

    /// Forgets the calls matching `predicate` (their slots are reused later); returns how many.
    mutating func removeAll(where predicate: (CallSnapshot) -> Bool) -> Int {
        let matching = calls.values.filter(predicate).map(\.callId)
        for id in matching { calls[id] = nil }
        return matching.count
    }
}
