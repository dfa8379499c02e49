import CCRCore
import CCRMedia
import CCRStore
import Foundation
import Testing

@testable import CCRServer

/// Maintenance announced ahead and incidents told to admins on the live channel: the herald's
/// stages, the hub's audiences, filters, replays and snapshots, and the probes' judgments.
@Suite("Service notices and probes")
struct ServiceNoticeTests {
    let now = WallTime(milliseconds: 1_796_000_000_000)

    func window(_ id: Int64, startsIn minutes: Int64, lasting: Int64 = 60) -> MaintenanceNotice {
        let start = now.adding(seconds: minutes * 60)
        return MaintenanceNotice(announced: id, period: Period(start: start, end: start.adding(seconds: lasting * 60)), reason: "upgrade")
    }

    func stages(_ notices: [ServiceNotice]) -> [String] {
        notices.map { notice in
            switch notice {
            case .maintenanceScheduled(let window, let stage, _): "\(window.key) \(stage.rawValue)"
            case .maintenanceCancelled(let window): "\(window.key) cancelled"
            default: notice.type
            }
        }
    }

    @Test func aWindowIsAnnouncedADayAheadThenAnHourAheadOnce() {
        var herald = MaintenanceHerald()
        let w = window(1, startsIn: 24 * 60 + 1)
        #expect(herald.round([w], now: now).isEmpty)  // 24 h 1 min ahead: not yet
        #expect(stages(herald.round([w], now: now.adding(seconds: 60))) == ["announced:1 day"])
        #expect(herald.round([w], now: now.adding(seconds: 120)).isEmpty)  // once
        #expect(herald.round([w], now: now.adding(seconds: 23 * 3600)).isEmpty)  // 1 h 1 min ahead
        let hour = herald.round([w], now: now.adding(seconds: 23 * 3600 + 61))
        #expect(stages(hour) == ["announced:1 hour"])
        if case .maintenanceScheduled(_, _, let seconds) = hour.first { #expect(seconds == 3599) }
        #expect(herald.round([w], now: now.adding(seconds: 23 * 3600 + 120)).isEmpty)
        #expect(herald.standing.map(\.key) == ["announced:1"])
        // Under way: still standing, nothing new; over: gone, and not "cancelled".
        #expect(herald.round([w], now: now.adding(seconds: 24 * 3600 + 120)).isEmpty)
        #expect(herald.standing.count == 1)
        #expect(herald.round([], now: now.adding(seconds: 26 * 3600)).isEmpty)
        #expect(herald.standing.isEmpty)
    }

    @Test func lateAnnouncementsCancellationsAndARestartInsideAWindow() {
        var herald = MaintenanceHerald()
        // Announced 3 h ahead: the day notice at once; 30 min ahead: straight to the hour notice.
        let a = window(1, startsIn: 180)
        let b = window(2, startsIn: 30)
        #expect(stages(herald.round([a, b], now: now)) == ["announced:2 hour", "announced:1 day"])
        // b is cancelled before it begins.
        #expect(stages(herald.round([a], now: now.adding(seconds: 60))) == ["announced:2 cancelled"])
        #expect(herald.standing.map(\.key) == ["announced:1"])
        // A new process (restart) inside a window: standing, no notice.
        var restarted = MaintenanceHerald()
        #expect(restarted.round([window(3, startsIn: -10)], now: now).isEmpty)
        #expect(restarted.standing.map(\.key) == ["announced:3"])
        // The weekly window has a key of its own, per occurrence.
        let weekly = MaintenanceNotice(weekly: Period(start: now.adding(seconds: 600), end: now.adding(seconds: 7800)))
        #expect(stages(restarted.round([weekly], now: now)) == ["weekly:\(now.milliseconds + 600_000) hour"])
    }

    @Test func noticesGoToTheirAudienceAndCarryNoCall() throws {
        let hub = LiveHub(settings: LiveSettings(), firstSeq: 0)
        let admin = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        let supervisor = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: nil)
        var callsOnly = LiveFilter()
        callsOnly.kinds = [.calls, .alerts]
        let narrow = hub.subscribe(principal: LiveEvents.admin, filter: callsOnly, since: nil)
        var blueOnly = LiveFilter()
        blueOnly.teams = ["blue"]
        let blue = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: blueOnly, since: nil)
        var incident = Incident(component: "database", priority: .p1, summary: "s", openedAt: now, deadline: now.adding(seconds: 3600))
        incident.id = 7
        hub.announce(.maintenanceScheduled(window(1, startsIn: 30), stage: .hour, startsInSeconds: 1800))
        hub.announce(.incidentOpened(IncidentResponse(incident, now: now)))
        func notices(_ client: LiveSubscription) -> [[String: Any]] {
            client.drainNow(includingInitial: false).map(LiveEvents.json).filter { $0["type"] as? String == "notice" }
        }
        let seen = notices(admin)
        #expect(seen.compactMap { ($0["notice"] as? [String: Any])?["type"] as? String } == ["maintenance.scheduled", "incident.opened"])
        #expect(seen.compactMap { ($0["seq"] as? NSNumber)?.intValue } == [1, 2])
        #expect(seen[0]["callId"] == nil)
        let maintenance = seen[0]["notice"] as? [String: Any]
        #expect(maintenance?["stage"] as? String == "hour")
        #expect(maintenance?["startsInSeconds"] as? NSNumber == 1800)
        #expect((maintenance?["maintenance"] as? [String: Any])?["reason"] as? String == "upgrade")
        #expect(((seen[1]["notice"] as? [String: Any])?["incident"] as? [String: Any])?["id"] as? NSNumber == 7)
        // Supervisors are told of maintenance, never of incidents; a team filter does not hide
        // notices (they are about no call); a kinds filter does.
        #expect(notices(supervisor).compactMap { ($0["notice"] as? [String: Any])?["type"] as? String } == ["maintenance.scheduled"])
        #expect(notices(blue).count == 1)
        #expect(notices(narrow).isEmpty)
        // A reconnect with `since` replays them by the same rules.
        let replayed = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: 0)
        #expect(replayed.initialTexts.map(LiveEvents.json).compactMap { ($0["notice"] as? [String: Any])?["type"] as? String } == ["maintenance.scheduled"])
    }

    @Test func snapshotsCarryStandingMaintenanceAndAdminsOpenIncidents() throws {
        let hub = LiveHub(settings: LiveSettings(), firstSeq: 0)
        hub.setStandingMaintenance([window(1, startsIn: 30)])
        var incident = Incident(component: "disk", priority: .p2, summary: "s", openedAt: now, deadline: nil)
        incident.id = 3
        hub.announce(.incidentOpened(IncidentResponse(incident, now: now)))
        let admin = LiveEvents.json(hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil).initialTexts[0])
        #expect((admin["maintenance"] as? [[String: Any]])?.first?["key"] as? String == "announced:1")
        #expect((admin["incidents"] as? [[String: Any]])?.first?["component"] as? String == "disk")
        let supervisor = LiveEvents.json(hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: nil).initialTexts[0])
        #expect((supervisor["maintenance"] as? [Any])?.count == 1)
        #expect(supervisor["incidents"] == nil)
        // Closed: gone from the picture; an acknowledgement of a closed one does not bring it back.
        incident.closedAt = now.adding(seconds: 60).milliseconds
        hub.announce(.incidentClosed(IncidentResponse(incident, now: now)))
        hub.announce(.incidentAcknowledged(IncidentResponse(incident, now: now)))
        #expect(hub.openIncidents.isEmpty)
    }

    @Test func probesJudgeIngestTheHubAndTheWriter() {
        let sockets = IngestSockets(staticOpen: 4, staticTotal: 4, freePairs: 10, pairCapacity: 2500)
        #expect(HealthProbes.ingest(sockets, kernelDrops: .init(count: 5), previous: .init(count: 5)) == .up)
        #expect(HealthProbes.ingest(sockets, kernelDrops: .init(count: 55), previous: .init(count: 5)) == .up)  // a few stray drops
        #expect(HealthProbes.ingest(sockets, kernelDrops: .init(count: 56), previous: .init(count: 5)) == .degraded)
        #expect(HealthProbes.ingest(sockets, kernelDrops: nil, previous: nil) == .up)
        var closed = sockets
        closed.staticOpen = 3
        #expect(HealthProbes.ingest(closed, kernelDrops: nil, previous: nil) == .down)
        var full = sockets
        full.freePairs = 0
        #expect(HealthProbes.ingest(full, kernelDrops: nil, previous: nil) == .degraded)
        let calm = LiveHub.Statistics(lastSeq: 9, buffered: 9, clients: 2, liveCalls: 1, droppedForClients: 40, deepestQueue: 10)
        #expect(HealthProbes.liveHub(calm, capacity: 4096, previousDrops: 40) == .up)
        #expect(HealthProbes.liveHub(calm, capacity: 4096, previousDrops: 39) == .degraded)
        var deep = calm
        deep.deepestQueue = 3700
        #expect(HealthProbes.liveHub(deep, capacity: 4096, previousDrops: 40) == .degraded)
        #expect(HealthProbes.storeWriter(backlogged: false, writingFor: .seconds(2)) == .up)
        #expect(HealthProbes.storeWriter(backlogged: false, writingFor: .seconds(31)) == .degraded)
        #expect(HealthProbes.storeWriter(backlogged: true, writingFor: nil) == .degraded)
    }

    @Test func theKernelsReceiveBufferDropsAreReadFromProc() {
        let snmp = """
            Ip: Forwarding DefaultTTL
            Ip: 1 64
            Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            Udp: 160521938 800392 12 161322438 77 0 0 0 0
            UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
            UdpLite: 0 0 0 0 0 0 0 0 0
            """
        #expect(UDPReceiveDrops.ipv4(snmp) == 77)
        #expect(UDPReceiveDrops.ipv4("Udp: RcvbufErrors\n") == nil)
        #expect(UDPReceiveDrops.ipv6("Udp6InDatagrams \t 5\nUdp6RcvbufErrors                \t3\n") == 3)
        #expect(UDPReceiveDrops.read() != nil)  // this machine has /proc/net
    }
}
