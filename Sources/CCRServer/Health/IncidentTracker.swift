import CCRCore
import CCRStore
import Logging

/// Turns the health loop's rounds into incidents: a component going down opens a P1, one
/// degrading a P2, one with a minor issue a P3, one coming back closes its incident (a change of priority closes one and
/// opens the other). A crash found at start is a P1 from the last heartbeat to the restart.
/// Each incident's deadline is the contract's, on its business calendar. Writes wait in a
/// queue while the database cannot take them (its own failure is an incident too) and go out,
/// in order, once it can.
struct IncidentTracker {
    /// Open incidents by component.
    private(set) var open: [String: Incident] = [:]
    /// Incidents to insert (no id yet) or to close (an id and a close), oldest first.
    private(set) var queue: [Incident] = []
    /// Writes dropped because the queue was full (the database down for hours while components flap).
    private(set) var dropped = 0
    let contract: IncidentContract
    let calendar: BusinessCalendar
    static let maxQueue = 1000

    /// P1 for a component down, P2 for one degraded, P3 for a minor issue.
    static func priority(_ condition: HealthState.Condition) -> IncidentPriority? {
        switch condition {
        case .up: nil
        case .minor: .p3
        case .degraded: .p2
        case .down: .p1
        }
    }

    static func summary(_ component: String, _ condition: HealthState.Condition) -> String {
        switch (component, condition) {
        case ("database", _): "the state database cannot be written or read back"
        case ("event-loops", _): "an event loop did not take a task"
        case ("rtp-ingest", .down): "a static line's RTP socket closed: its gateway's packets are not received"
        case ("rtp-ingest", _): "RTP ingest is overloaded (the kernel dropped packets for full receive buffers) or out of port pairs"
        case ("live-hub", _): "a live client's queue is full: supervisors miss events"
        case ("store-writer", _): "ended calls wait to be written beyond storage.maxUnwrittenCalls, or a write is stuck"
        case ("disk", .minor): "the state database's disk is filling up (under 4 GiB or 10 % free)"
        case ("disk", .down): "the state database's disk is full (under 64 MiB free)"
        case ("disk", _): "the state database's disk is nearly full (under 1 GiB or 5 % free)"
        default: "\(component) is \(condition.rawValue)"
        }
    }

    /// Takes up the incidents a previous run left open (the latest per component; others are
    /// closed at `now`).
    mutating func resume(_ stillOpen: [Incident], now: WallTime) {
        for incident in stillOpen.sorted(by: { $0.openedAt < $1.openedAt }) {
            if var previous = open.updateValue(incident, forKey: incident.component) { close(&previous, at: now) }
        }
    }

    /// ccrd was down from its last heartbeat to `restart` after a crash or a kill.
    mutating func recordCrash(lastHeartbeat: WallTime, restart: WallTime) {
        var incident = Incident(
            component: Incident.processComponent, priority: .p1, summary: "ccrd stopped without a clean shutdown (crash or kill) and was restarted",
            openedAt: lastHeartbeat, deadline: contract.deadline(for: .p1, openedAt: lastHeartbeat, on: calendar))
        incident.closedAt = restart.milliseconds
        enqueue(incident)
    }

    /// One round of probes at `now`; the incidents it opened (not written yet).
    @discardableResult
    mutating func observe(_ components: [String: HealthState.Condition], at now: WallTime) -> [Incident] {
        var opened: [Incident] = []
        for (component, condition) in components.sorted(by: { $0.key < $1.key }) {
            let wanted = Self.priority(condition)
            if open[component]?.priority == wanted { continue }
            if var current = open.removeValue(forKey: component) { close(&current, at: now) }
            if let wanted {
                let incident = Incident(
                    component: component, priority: wanted, summary: Self.summary(component, condition), openedAt: now,
                    deadline: contract.deadline(for: wanted, openedAt: now, on: calendar))
                open[component] = incident
                enqueue(incident)
                opened.append(incident)
            }
        }
        return opened
    }

    private mutating func close(_ incident: inout Incident, at now: WallTime) {
        incident.closedAt = now.milliseconds
        if incident.id == nil,
            let index = queue.firstIndex(where: { $0.id == nil && $0.component == incident.component && $0.openedAt == incident.openedAt })
        {
            queue[index].closedAt = now.milliseconds
        } else {
            enqueue(incident)
        }
    }

    private mutating func enqueue(_ incident: Incident) {
        if queue.count >= Self.maxQueue {
            queue.removeFirst()
            dropped += 1
        }
        queue.append(incident)
    }

    /// Writes the queue in order through `insert` and `close`; stops at the first failure and
    /// keeps the rest for the next round (the failure is returned).
    @discardableResult
    mutating func flush(
        insert: (Incident) throws(StoreError) -> Incident, close: (Int64, WallTime) throws(StoreError) -> Void
    ) -> StoreError? {
        while let next = queue.first {
            do {
                if let id = next.id, let closedAt = next.closedAt {
                    try close(id, WallTime(milliseconds: closedAt))
                } else {
                    let stored = try insert(next)
                    if open[stored.component]?.openedAt == stored.openedAt, open[stored.component]?.id == nil {
                        open[stored.component]?.id = stored.id
                    }
                }
                queue.removeFirst()
            } catch {
                return error
            }
        }
        return nil
    }
}
