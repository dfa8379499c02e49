import CCRCore

/// The utterances waiting for a decoding thread, in the order they deserve it: calls with open
/// alerts first, then the oldest calls, each call's utterances in order. The queue holds at most
/// `maxBacklogSeconds` of audio: beyond, the utterance that deserves it least gives way (the
/// newcomer itself when it is that one). An utterance that waited longer than `maxLag` is given
/// up when its turn comes. What gives way is returned, for the caller to count as a gap.
///
/// Plain value, no clock: times are passed in (nanoseconds of a monotonic clock).
struct TranscriptionQueue: Sendable {
    struct Item: Sendable {
        var utterance: Utterance
        var enqueued: Int64
        /// The call's place in arrival order (its first utterance).
        var callOrder: UInt64
    }

    let maxBacklogSeconds: Double
    let maxLagNanoseconds: Int64
    private(set) var items: [Item] = []
    private(set) var backlogSeconds = 0.0
    /// Calls with alerts open now, and how many.
    private var openAlerts: [String: Int] = [:]
    /// Calls with utterances seen, in arrival order (forgotten when the call closes and none waits).
    private var callOrders: [String: UInt64] = [:]
    private var closed: Set<String> = []
    private var nextOrder: UInt64 = 0
    /// When the utterance `next` last returned was queued.
    private(set) var lastTakenEnqueued: Int64 = 0

    init(maxBacklogSeconds: Double, maxLag: Duration) {
        self.maxBacklogSeconds = maxBacklogSeconds
        maxLagNanoseconds = maxLag.components.seconds * 1_000_000_000 + maxLag.components.attoseconds / 1_000_000_000
    }

    var isEmpty: Bool { items.isEmpty }
    var count: Int { items.count }

    /// Queues `utterance`; returns those that gave way to keep the backlog bound.
    mutating func add(_ utterance: Utterance, now: Int64) -> [Utterance] {
        let order: UInt64
        if let known = callOrders[utterance.callId] {
            order = known
        } else {
            order = nextOrder
            nextOrder += 1
            callOrders[utterance.callId] = order
        }
        var given: [Utterance] = []
        // Longer than the whole backlog: it could never fit, and must not empty the queue trying.
        guard utterance.duration <= maxBacklogSeconds else {
            forgetIfDone(utterance.callId)
            return [utterance]
        }
        var newcomer: Item? = Item(utterance: utterance, enqueued: now, callOrder: order)
        while let candidate = newcomer, backlogSeconds + candidate.utterance.duration > maxBacklogSeconds {
            guard let last = lowestIndex(), deserves(candidate, over: items[last]) else {
                given.append(candidate.utterance)
                newcomer = nil
                break
            }
            let removed = items.remove(at: last)
            backlogSeconds -= removed.utterance.duration
            given.append(removed.utterance)
        }
        if let newcomer {
            items.append(newcomer)
            backlogSeconds += newcomer.utterance.duration
        }
        for utterance in given { forgetIfDone(utterance.callId) }
        return given
    }

    /// The utterance that deserves a thread now, and those that waited past `maxLag` (given up).
    mutating func next(now: Int64) -> (next: Utterance?, expired: [Utterance]) {
        var expired: [Utterance] = []
        items.removeAll { item in
            guard now - item.enqueued > maxLagNanoseconds else { return false }
            expired.append(item.utterance)
            backlogSeconds -= item.utterance.duration
            return true
        }
        var chosen: Utterance?
        if let best = bestIndex() {
            let item = items.remove(at: best)
            backlogSeconds -= item.utterance.duration
            lastTakenEnqueued = item.enqueued
            chosen = item.utterance
        }
        if items.isEmpty { backlogSeconds = 0 }
        for utterance in expired { forgetIfDone(utterance.callId) }
        if let chosen { forgetIfDone(chosen.callId) }
        return (chosen, expired)
    }

    /// Everything still waiting (at shutdown), emptied.
    mutating func drain() -> [Utterance] {
        defer {
            items = []
            backlogSeconds = 0
        }
        return items.map(\.utterance)
    }

    /// Drops the waiting utterances `matching` says (an erasure); how many.
    mutating func remove(where matching: (Utterance) -> Bool) -> Int {
        let before = items.count
        let calls = Set(items.filter { matching($0.utterance) }.map(\.utterance.callId))
        items.removeAll { matching($0.utterance) }
        backlogSeconds = items.reduce(0) { $0 + $1.utterance.duration }
        for call in calls { forgetIfDone(call) }
        return before - items.count
    }

    func contains(where matching: (Utterance) -> Bool) -> Bool {
        items.contains { matching($0.utterance) }
    }

    mutating func alertRaised(callId: String) {
        openAlerts[callId, default: 0] += 1
    }

    mutating func alertCleared(callId: String) {
        guard let open = openAlerts[callId] else { return }
        openAlerts[callId] = open > 1 ? open - 1 : nil
    }

    /// The call is over: its state goes once none of its utterances wait.
    mutating func callClosed(callId: String) {
        openAlerts[callId] = nil
        closed.insert(callId)
        forgetIfDone(callId)
    }

    /// Calls the queue keeps a place for (bounded by the calls with utterances waiting or live).
    var trackedCalls: Int { callOrders.count }

    private mutating func forgetIfDone(_ callId: String) {
        guard closed.contains(callId), !items.contains(where: { $0.utterance.callId == callId }) else { return }
        closed.remove(callId)
        callOrders[callId] = nil
    }

    /// Whether `a` goes before `b`.
    private func deserves(_ a: Item, over b: Item) -> Bool {
        let alertA = openAlerts[a.utterance.callId] != nil
        let alertB = openAlerts[b.utterance.callId] != nil
        if alertA != alertB { return alertA }
        if a.callOrder != b.callOrder { return a.callOrder < b.callOrder }
        return a.utterance.start < b.utterance.start
    }

    private func bestIndex() -> Int? {
        guard !items.isEmpty else { return nil }
        var best = 0
        for index in items.indices.dropFirst() where deserves(items[index], over: items[best]) { best = index }
        return best
    }

    private func lowestIndex() -> Int? {
        guard !items.isEmpty else { return nil }
        var lowest = 0
        for index in items.indices.dropFirst() where deserves(items[lowest], over: items[index]) { lowest = index }
        return lowest
    }
}
