import CCRCore
import CCRStore
import Foundation
import NIOCore
import Synchronization

/// The live channel's centre: numbers every analysis event, keeps the recent ones in a ring
/// buffer for clients that reconnect, keeps a picture of live calls for new clients, and
/// fans events out to each connected client's bounded queue.
///
/// `publish` is called on the ingest event loops and never waits for a client: a client whose
/// queue is full loses its oldest queued events and is told so (`dropped`).
public final class LiveHub: Sendable {
    public let settings: LiveSettings
    /// Open WebSocket connections against `live.maxClients` and `live.maxClientsPerToken`.
    public let connections: LiveClientCount
    /// Everything the hub keeps, behind one lock (its extensions in other files use it too).
    let state: Mutex<State>

    /// Sequence numbers start after `firstSeq`: by default the current time in microseconds
    /// since 1970, so they keep increasing across restarts and a `since` from before a restart
    /// is always answered with `resync` (and they stay below 2^53, exact in JavaScript).
    public init(settings: LiveSettings, firstSeq: UInt64? = nil) {
        self.settings = settings
        self.connections = LiveClientCount(maxTotal: settings.maxClients, maxPerToken: settings.maxClientsPerToken)
        var state = State()
        state.lastSeq = firstSeq ?? UInt64(Date().timeIntervalSince1970 * 1_000_000)
        self.state = Mutex(state)
    }

    /// Counters for logs, metrics and benchmarks.
    public struct Statistics: Sendable, Equatable {
        public var lastSeq: UInt64
        public var buffered: Int
        public var clients: Int
        public var liveCalls: Int
        /// Events discarded from slow clients' queues, all clients together.
        public var droppedForClients: UInt64
        /// The longest client queue now, against `live.clientQueue`.
        public var deepestQueue: Int
    }

    public var statistics: Statistics {
        state.withLock { state in
            Statistics(
                lastSeq: state.lastSeq, buffered: state.ring.count, clients: state.subscribers.count,
                liveCalls: state.calls.count, droppedForClients: state.droppedForClients,
                deepestQueue: state.subscribers.values.reduce(0) { max($0, $1.queue.count) })
        }
    }

    // MARK: Publishing

    /// Numbers an event, buffers it and queues it for every client allowed to see it
    /// (`callOpened` and `callClosed`, which name the caller, never).
    public func publish(_ event: CallEvent, now: Date = Date()) {
        switch event {
        case .callOpened, .callClosed, .utterance, .transcriptGap, .transcriptProgress: return
        default: break
        }
        let body: String
        do {
            body = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        } catch {
            return  // CallEvent always encodes; nothing sensible to send otherwise
        }
        let kind = LiveFilter.Kind(event)
        let severity: Severity? =
            switch event {
            case .alertRaised(let alert), .alertCleared(let alert): alert.severity
            default: nil
            }
        let serverTime = ServerTime.format(now)
        let callId = event.callId
        state.withLock { state in
            let call: (agentId: String, team: String?)?
            switch event {
            case .callStarted(let info, _):
                var live = LiveCallState(info: info, startedAt: now)
                live.apply(event)
                state.calls[callId] = live
                call = (info.agentId, info.team)
            case .callEnded:
                call = state.calls.removeValue(forKey: callId).map { ($0.agentId, $0.team) }
                if let call { state.rememberEnded(callId, agentId: call.agentId, team: call.team) }
            case .transcriptSegment(let segment):
                // Often after the call has ended: the segment names its agent and team.
                call = (segment.agentId, segment.team)
            case .phraseDetected(let detection):
                call = (detection.agentId, detection.team)
            case .callPhrases(let phrases):
                call = (phrases.agentId, phrases.team)
            default:
                state.calls[callId]?.apply(event)
                // An alert on what was said may come after the call ended: it keeps the call's scope.
                call = state.calls[callId].map { ($0.agentId, $0.team) } ?? state.ended[callId]
            }
            state.lastSeq += 1
            let seq = state.lastSeq
            var text = #"{"type":"event","seq":"#
            text += String(seq)
            text += #","serverTime":""# + serverTime + #"","callId":"# + LiveMessage.quoted(callId)
            text += #","agentId":"# + (call.map { LiveMessage.quoted($0.agentId) } ?? "null")
            text += #","team":"# + (call?.team.map(LiveMessage.quoted) ?? "null")
            text += #","event":"# + body + "}"
            let envelope = LiveEnvelope(
                seq: seq, time: now, callId: callId, agentId: call?.agentId, team: call?.team, kind: kind,
                severity: severity, message: ByteBuffer(string: text))
            state.add(envelope, settings: settings, now: now)
        }
    }

    // MARK: Subscribing

    /// How far back a snapshot's `recentAlerts` reach (what happened before a board was opened).
    static let recentAlertSeconds: Double = 3600
    /// At most this many alert events in a snapshot's `recentAlerts` (the newest).
    static let maxRecentAlerts = 500
    /// Alert events the hub keeps for snapshots, all clients together (each client sees its
    /// teams' only, so more than one snapshot's worth).
    static let maxRecentAlertsKept = 5000

    /// Registers a client. Without `since` it starts with a snapshot of live calls; with
    /// `since` it starts with every buffered event after it (or `resync` and a snapshot when
    /// those are gone). Registration and the start are atomic, so nothing falls in between.
    public func subscribe(principal: Principal, filter: LiveFilter, since: UInt64?, now: Date = Date()) -> LiveSubscription {
        enum Start {
            case snapshot(
                seq: UInt64, calls: [LiveCallState], recentAlerts: [ByteBuffer], maintenance: [MaintenanceNotice], incidents: [IncidentResponse]?,
                resync: LiveMessage.Resync?)
            case replay([ByteBuffer])
        }
        let (id, start): (Int, Start) = state.withLock { state in
            let id = state.nextSubscriberId
            state.nextSubscriberId += 1
            state.subscribers[id] = Subscriber(principal: principal, filter: filter)
            func snapshot(resync: LiveMessage.Resync?) -> Start {
                let calls = state.calls.values
                    .filter { principal.canRead(team: $0.team) && filter.admits(call: $0) }
                    .sorted { $0.startedAt < $1.startedAt }
                let incidents = principal.role == .admin ? state.openIncidents.values.sorted { $0.openedAt < $1.openedAt } : nil
                let recent = state.recentAlerts(for: principal, filter: filter, since: now.addingTimeInterval(-Self.recentAlertSeconds))
                return .snapshot(
                    seq: state.lastSeq, calls: calls, recentAlerts: recent, maintenance: state.standingMaintenance, incidents: incidents,
                    resync: resync)
            }
            guard let since else { return (id, snapshot(resync: nil)) }
            let oldest = state.ring.first?.seq ?? state.lastSeq + 1
            if since > state.lastSeq || since + 1 < oldest {
                return (id, snapshot(resync: LiveMessage.Resync(since: since, oldestAvailable: oldest, seq: state.lastSeq)))
            }
            // The ring is in seq order with no gaps: start at the first event after `since`.
            var replay: [ByteBuffer] = []
            var index = state.ring.index(state.ring.startIndex, offsetBy: Int(since + 1 - oldest))
            while index != state.ring.endIndex {
                let envelope = state.ring[index]
                if !envelope.erased && envelope.visible(to: principal) && filter.admits(envelope) {
                    replay.append(envelope.message)
                }
                index = state.ring.index(after: index)
            }
            return (id, .replay(replay))
        }
        let initial: [ByteBuffer]
        switch start {
        case .snapshot(let seq, let calls, let recentAlerts, let maintenance, let incidents, let resync):
            let snapshot = LiveMessage.Snapshot(seq: seq, serverTime: ServerTime.format(now), calls: calls, maintenance: maintenance, incidents: incidents)
                .buffer(recentAlerts: recentAlerts)
            initial = (resync.map { [LiveMessage.buffer($0)] } ?? []) + [snapshot]
        case .replay(let texts):
            initial = texts
        }
        return LiveSubscription(hub: self, id: id, initial: initial)
    }

    // MARK: For LiveSubscription

    enum Take {
        case message(ByteBuffer)
        case empty
        case closed
    }

    func take(_ id: Int) -> Take {
        state.withLock { state in
            state.subscribers[id]?.take() ?? .closed
        }
    }

    /// Resumes `waiter` at once if there is something to take, else parks it until there is.
    func park(_ id: Int, _ waiter: CheckedContinuation<Void, Never>) {
        state.withLock { state in
            guard state.subscribers[id]?.park(waiter) == true else {
                waiter.resume()
                return
            }
        }
    }

    func update(_ id: Int, filter: LiveFilter) {
        state.withLock { state in
            state.subscribers[id]?.change(filter)
            state.subscribers[id]?.reply(LiveMessage.buffer(LiveMessage.Subscribed(filter: filter)))
        }
    }

    func reply(_ id: Int, _ message: ByteBuffer) {
        state.withLock { state in state.subscribers[id]?.reply(message) }
    }

    func remove(_ id: Int) {
        let waiter = state.withLock { state in state.subscribers.removeValue(forKey: id)?.waiter }
        waiter?.resume()
    }

    // MARK: State

    struct State {
        var lastSeq: UInt64 = 0
        var ring = CircularBuffer<LiveEnvelope>(initialCapacity: 1024)
        var calls: [String: LiveCallState] = [:]
        var subscribers: [Int: Subscriber] = [:]
        var nextSubscriberId = 0
        var droppedForClients: UInt64 = 0
        /// `call.ended` events held until the store has the call.
        var awaitingCommit: [String: CallEvent] = [:]
        /// Events that come after a call's end (`call.phrases`), held until its `call.ended` goes out.
        var heldAfterEnd: [String: [CallEvent]] = [:]
        /// Calls the store committed before the hub saw their end (the last `maxEnded`).
        var committedEarly: Set<String> = []
        var committedOrder = CircularBuffer<String>()

        mutating func rememberCommitted(_ callId: String) {
            guard committedEarly.insert(callId).inserted else { return }
            committedOrder.append(callId)
            while committedOrder.count > Self.maxEnded, let oldest = committedOrder.popFirst() { committedEarly.remove(oldest) }
        }
        /// Maintenance announced and not over, for new clients' snapshots.
        var standingMaintenance: [MaintenanceNotice] = []
        /// Open incidents by component, for new admin clients' snapshots.
        var openIncidents: [String: IncidentResponse] = [:]
        /// Who recently ended calls were about (the last `maxEnded`): events that come after a
        /// call's end (alerts on its last words) are scoped like its others.
        var ended: [String: (agentId: String, team: String?)] = [:]
        var endedOrder = CircularBuffer<String>()
        static let maxEnded = 10_000

        mutating func rememberEnded(_ callId: String, agentId: String, team: String?) {
            guard ended.updateValue((agentId, team), forKey: callId) == nil else { return }
            endedOrder.append(callId)
            while endedOrder.count > Self.maxEnded, let oldest = endedOrder.popFirst() { ended[oldest] = nil }
        }

        /// Ids of an agent's calls that are live (not ended, even if `call.ended` waits for the store).
        func liveCalls(of agentId: String) -> Set<String> {
            Set(calls.values.filter { $0.agentId == agentId && awaitingCommit[$0.callId] == nil }.map(\.callId))
        }

        /// Keeps a numbered envelope for replay (within the buffer's limits) and queues it for
        /// every client that may and wants to see it.
        mutating func add(_ envelope: LiveEnvelope, settings: LiveSettings, now: Date) {
            ring.append(envelope)
            if envelope.kind == .alerts {
                recentAlerts.append(envelope)
                while recentAlerts.count > LiveHub.maxRecentAlertsKept { recentAlerts.removeFirst() }
            }
            trim(keeping: settings, now: now)
            fanOut(envelope, capacity: max(1, settings.clientQueue))
        }

        /// The alert events of the last `recentAlertSeconds`, apart from the ring (where they are
        /// a small share of the events), so a snapshot finds them without walking the ring; at
        /// most `maxRecentAlertsKept`. Only alerts still in the ring are offered (a reconnect
        /// could replay them).
        var recentAlerts = CircularBuffer<LiveEnvelope>(initialCapacity: 64)

        /// The alert events (raised and cleared) published since `since` that `principal` may
        /// see through `filter`, oldest first: the newest `maxRecentAlerts` of them.
        func recentAlerts(for principal: Principal, filter: LiveFilter, since: Date) -> [ByteBuffer] {
            let oldestBuffered = ring.first?.seq ?? .max
            var found: [ByteBuffer] = []
            var index = recentAlerts.endIndex
            while index != recentAlerts.startIndex, found.count < LiveHub.maxRecentAlerts {
                index = recentAlerts.index(before: index)
                let envelope = recentAlerts[index]
                if envelope.time < since || envelope.seq < oldestBuffered { break }
                if !envelope.erased, envelope.visible(to: principal), filter.admits(envelope) {
                    found.append(envelope.message)
                }
            }
            return found.reversed()
        }

        mutating func trim(keeping settings: LiveSettings, now: Date) {
            while ring.count > settings.bufferEvents { ring.removeFirst() }
            let oldest = now.addingTimeInterval(-settings.bufferSeconds)
            while let first = ring.first, first.time < oldest { ring.removeFirst() }
            let recent = now.addingTimeInterval(-LiveHub.recentAlertSeconds)
            while let first = recentAlerts.first, first.time < recent { recentAlerts.removeFirst() }
        }

        mutating func fanOut(_ envelope: LiveEnvelope, capacity: Int) {
            var index = subscribers.values.startIndex
            while index != subscribers.values.endIndex {
                if subscribers.values[index].offer(envelope, capacity: capacity) { droppedForClients += 1 }
                index = subscribers.values.index(after: index)
            }
        }
    }

    struct Subscriber {
        var principal: Principal
        var filter: LiveFilter
        var queue = CircularBuffer<LiveEnvelope>(initialCapacity: 16)
        /// Replies to the client's own messages, sent before queued events; at most
        /// `maxReplies` wait (a client that sends without reading loses the rest).
        var replies = CircularBuffer<ByteBuffer>(initialCapacity: 4)
        static let maxReplies = 64
        var lost: (count: Int, from: UInt64, to: UInt64)?
        var waiter: CheckedContinuation<Void, Never>?

        var hasWork: Bool { !replies.isEmpty || lost != nil || !queue.isEmpty }

        func wants(_ envelope: LiveEnvelope) -> Bool {
            envelope.visible(to: principal) && filter.admits(envelope)
        }

        /// Queues an event the client may and wants to see, dropping the oldest queued one when
        /// full; true if one was dropped.
        mutating func offer(_ envelope: LiveEnvelope, capacity: Int) -> Bool {
            guard wants(envelope) else { return false }
            var dropped = false
            if queue.count >= capacity {
                let old = queue.removeFirst()
                if let lost {
                    self.lost = (lost.count + 1, lost.from, old.seq)
                } else {
                    lost = (1, old.seq, old.seq)
                }
                dropped = true
            }
            queue.append(envelope)
            wake()
            return dropped
        }

        mutating func reply(_ message: ByteBuffer) {
            guard replies.count < Self.maxReplies else { return }
            replies.append(message)
            wake()
        }

        /// A new filter applies to queued events too: those it rejects are not sent.
        mutating func change(_ filter: LiveFilter) {
            self.filter = filter
            let kept = queue.filter { wants($0) }
            if kept.count != queue.count { queue = CircularBuffer(kept) }
        }

        /// Whether a queued event is one `selected` picks.
        func holds(where selected: (LiveEnvelope) -> Bool) -> Bool {
            queue.contains(where: selected)
        }

        /// Removes the queued events `unwanted` selects.
        mutating func discard(where unwanted: (LiveEnvelope) -> Bool) {
            guard queue.contains(where: unwanted) else { return }
            queue = CircularBuffer(queue.filter { !unwanted($0) })
        }

        /// Keeps `waiter` to wake when there is work; false (not kept) if there is some now.
        mutating func park(_ waiter: CheckedContinuation<Void, Never>) -> Bool {
            guard !hasWork else { return false }
            self.waiter = waiter
            return true
        }

        mutating func wake() {
            if let waiter {
                self.waiter = nil
                waiter.resume()
            }
        }

        /// The next message: replies first, then the loss notice (its events were all older
        /// than anything still queued), then queued events.
        mutating func take() -> Take {
            if let reply = replies.popFirst() { return .message(reply) }
            if let lost {
                self.lost = nil
                return .message(LiveMessage.buffer(LiveMessage.Dropped(count: lost.count, fromSeq: lost.from, toSeq: lost.to)))
            }
            if let envelope = queue.popFirst() { return .message(envelope.message) }
            return .empty
        }
    }
}
