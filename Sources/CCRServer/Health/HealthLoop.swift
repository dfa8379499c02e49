import CCRCore
import CCRStore
import Foundation
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The health loop: records this run of ccrd in the state database, then every
/// `sla.heartbeatInterval` (and at least twice per systemd watchdog timeout) runs its probes
/// (`HealthProbes`: event loops, the run's heartbeat written and read back, RTP ingest's
/// sockets, the live hub's queues, the store writer, free disk space), records them for
/// `/readyz`, and only then tells systemd WATCHDOG=1 and the live calls (STATUS=). A probe
/// that hangs stalls the loop, the
/// pings stop, and systemd restarts ccrd after `WatchdogSec`. On shutdown it says STOPPING=1
/// and records the clean stop, so downtime after it is told from a crash's.
struct HealthLoop: Service {
    let store: Store
    let notifier: SystemdNotifier
    let heartbeatInterval: Duration
    let liveCalls: any LiveCallTable
    /// The component probes (they keep last round's counters).
    let probes: HealthProbes
    let health: HealthState
    /// Incident deadlines: the contract and its business calendar.
    let incidents: IncidentContract
    let calendar: BusinessCalendar
    /// HTTP response times, written each round to the hour they fell in.
    let latency: LatencyBook
    /// Where admins are told of incidents opened and closed.
    let hub: LiveHub
    let logger: Logger

    /// How long the loop waits between rounds.
    var interval: Duration {
        guard let timeout = notifier.watchdogTimeout else { return heartbeatInterval }
        return min(heartbeatInterval, timeout / 2)
    }

    func run() async throws {
        let run = await cancelWhenGracefulShutdown { () -> Int64? in
            var tracker = IncidentTracker(contract: incidents, calendar: calendar)
            let started = WallTime.now
            if let previous = try? store.latestRun(), previous.stoppedAt == nil {
                tracker.recordCrash(lastHeartbeat: previous.endedAt, restart: started)
            }
            tracker.resume((try? store.openIncidents()) ?? [], now: started)
            // Incidents a previous run left open are still open: admins' snapshots show them.
            tell(changesFrom: [:], to: tracker.open, written: [:], at: started)
            var run = beginRun()
            var failing: Set<String> = []
            var probes = self.probes
            while !Task.isCancelled {
                // A run the database could not record at start is recorded once it can.
                if run == nil { run = beginRun(logging: false) }
                let components = await probes.round(run: run)
                health.record(components)
                let now = WallTime.now
                let before = tracker.open
                for incident in tracker.observe(components, at: now) {
                    logger.log(
                        level: incident.priority == .p1 ? .critical : .error, "incident opened",
                        metadata: [
                            "incident.priority": "\(incident.priority.rawValue)", "incident.component": "\(incident.component)",
                            "incident.summary": "\(incident.summary)",
                            "incident.deadline": "\(incident.deadlineAt.map { WallTime(milliseconds: $0).description } ?? "none")",
                        ])
                }
                var written: [String: Int64] = [:]
                tracker.flush(
                    insert: { (incident) throws(StoreError) in
                        let stored = try store.openIncident(incident)
                        written["\(stored.component)@\(stored.openedAt)"] = stored.id
                        return stored
                    },
                    close: { (id, at) throws(StoreError) in try store.closeIncident(id: id, at: at) })
                tell(changesFrom: before, to: tracker.open, written: written, at: now)
                writeLatency()
                let failures = Set(components.filter { $0.value != .up }.keys)
                for name in failures.subtracting(failing) {
                    let (level, message): (Logger.Level, Logger.Message) =
                        switch components[name] {
                        case .down: (.error, "health probe failed")
                        case .degraded: (.warning, "health probe degraded")
                        default: (.notice, "health probe found a minor issue")
                        }
                    logger.log(level: level, message, metadata: ["probe": "\(name)", "probe.state": "\(components[name]?.rawValue ?? "")"])
                }
                for name in failing.subtracting(failures) {
                    logger.notice("health probe recovered", metadata: ["probe": "\(name)"])
                }
                failing = failures
                notifier.watchdog()
                notifier.status(status(failing: failing))
                try? await Task.sleep(for: interval)
            }
            return run
        }
        notifier.stopping(status: "stopping: ending \(liveCalls.liveCount) live calls")
        writeLatency()
        if let run {
            do {
                try store.endRun(run, at: WallTime.now)
            } catch {
                logger.error("the clean stop was not recorded: the time to the next start will count as a crash's", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Tells admins on the live channel of the incidents a round closed and opened, with their
    /// ids once written (`written`: ids given this round, by component and opening time).
    func tell(changesFrom before: [String: Incident], to after: [String: Incident], written: [String: Int64], at now: WallTime) {
        for (component, incident) in before.sorted(by: { $0.key < $1.key }) where after[component]?.openedAt != incident.openedAt {
            var closed = incident
            closed.id = closed.id ?? written["\(incident.component)@\(incident.openedAt)"]
            closed.closedAt = now.milliseconds
            hub.announce(.incidentClosed(IncidentResponse(closed, now: now)))
        }
        for (component, incident) in after.sorted(by: { $0.key < $1.key }) where before[component]?.openedAt != incident.openedAt {
            hub.announce(.incidentOpened(IncidentResponse(incident, now: now)))
        }
    }

    /// Writes the response times recorded since the last round to the current UTC hour; on
    /// failure they go back to the book for the next round.
    func writeLatency() {
        let drained = latency.drain()
        guard !drained.isEmpty else { return }
        let now = WallTime.now
        let hour = WallTime(milliseconds: now.milliseconds - ((now.milliseconds % 3_600_000) + 3_600_000) % 3_600_000)
        var unwritten: [String: [(value: UInt64, count: UInt64)]] = [:]
        for (route, pairs) in drained {
            do {
                try store.addLatency(hourStart: hour, route: route, pairs: pairs)
            } catch {
                unwritten[route] = pairs
            }
        }
        if !unwritten.isEmpty { latency.restore(unwritten) }
        // Hours older than the longest report (13 months) go, once an hour.
        if now.milliseconds - hour.milliseconds < interval.components.seconds * 1000 + 1000 {
            _ = try? store.purgeLatency(before: hour.adding(seconds: -400 * 86_400))
        }
    }

    /// Records this run's start; nil (and, with `logging`, an error logged) when the database
    /// cannot. A run recorded late counts the time before as down: the cautious side.
    func beginRun(logging: Bool = true) -> Int64? {
        do {
            return try store.beginRun(at: WallTime.now)
        } catch {
            guard logging else { return nil }
            logger.error("the state database did not record this run: downtime before it cannot be measured yet", metadata: ["error": "\(error)"])
            return nil
        }
    }

    func status(failing: Set<String>) -> String {
        let calls = liveCalls.liveCount
        let base = "\(calls) live call\(calls == 1 ? "" : "s")"
        return failing.isEmpty ? base : "\(base); failing: \(failing.sorted().joined(separator: ", "))"
    }
}
