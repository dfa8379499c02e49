import CCRCore
import CCRStore
import Testing

@testable import CCRServer

@Suite("Incidents from the health loop's rounds")
struct IncidentTrackerTests {
    /// A moment on Paris clocks.
    func paris(_ date: String, _ hour: Int, _ minute: Int = 0) throws -> WallTime {
        ZoneRule.paris.moment(LocalTime(date: try #require(CivilDate(date)), secondsOfDay: hour * 3600 + minute * 60))
    }

    @Test func downOpensAP1DegradedAP2MinorAP3AndRecoveryClosesThem() throws {
        let store = try Store.inMemory()
        var tracker = IncidentTracker(contract: .standard(), calendar: .contract)
        func flush() { tracker.flush(insert: { (i) throws(StoreError) in try store.openIncident(i) }, close: { (id, at) throws(StoreError) in try store.closeIncident(id: id, at: at) }) }
        let friday = try paris("2026-05-22", 17)  // before Whit Monday
        #expect(tracker.observe(["database": .up, "disk": .up], at: friday).isEmpty)
        let opened = tracker.observe(["database": .down, "disk": .degraded], at: friday.adding(seconds: 5))
        #expect(opened.map(\.priority) == [.p1, .p2] && opened.map(\.component) == ["database", "disk"])
        // The P1's deadline: 1.5 h on Friday from 17:00:05, then Tuesday.
        #expect(opened[0].deadlineAt == (try paris("2026-05-26", 11, 30)).adding(seconds: 5).milliseconds)
        // The database is down: nothing can be written; the queue keeps both.
        tracker.flush(insert: { (_) throws(StoreError) in throw StoreError.rejected(operation: "x", reason: "down") }, close: { (_, _) throws(StoreError) in })
        #expect(tracker.queue.count == 2)
        // The same state again opens nothing; the disk going down closes its P2 and opens a P1.
        #expect(tracker.observe(["database": .down, "disk": .degraded], at: friday.adding(seconds: 10)).isEmpty)
        #expect(tracker.observe(["database": .down, "disk": .down], at: friday.adding(seconds: 15)).map(\.priority) == [.p1])
        // Everything back: the database's P1 is written closed, the disk's P1 too.
        tracker.observe(["database": .up, "disk": .up], at: friday.adding(seconds: 20))
        flush()
        #expect(tracker.queue.isEmpty && tracker.open.isEmpty)
        let stored = try store.incidents(openedIn: Period(start: friday, end: friday.adding(seconds: 3600)))
        #expect(stored.map(\.component) == ["database", "disk", "disk"])
        #expect(stored.map(\.priority) == [.p1, .p2, .p1])
        #expect(stored.allSatisfy { $0.closedAt != nil })
        #expect(stored[1].closedAt == friday.adding(seconds: 15).milliseconds)
        #expect(try store.openIncidents().isEmpty)
        // A minor issue (a disk filling up) is a P3, with the P3 deadline (28 h 30 min of business time).
        let minor = tracker.observe(["database": .up, "disk": .minor], at: friday.adding(seconds: 30))
        #expect(minor.map(\.priority) == [.p3] && minor.first?.summary.contains("filling up") == true)
        #expect(minor.first?.deadlineAt != nil)
    }

    @Test func anIncidentWrittenOpenIsClosedByItsIdAndACrashIsAP1() throws {
        let store = try Store.inMemory()
        var tracker = IncidentTracker(contract: .crm360, calendar: .contract)
        func flush() { tracker.flush(insert: { (i) throws(StoreError) in try store.openIncident(i) }, close: { (id, at) throws(StoreError) in try store.closeIncident(id: id, at: at) }) }
        let monday = try paris("2026-11-30", 10)
        tracker.recordCrash(lastHeartbeat: monday, restart: monday.adding(seconds: 90))
        tracker.observe(["store-writer": .degraded], at: monday.adding(seconds: 100))
        flush()
        #expect(try store.openIncidents().map(\.component) == ["store-writer"])
        // A new run takes up what was left open, and closes it when the component is back.
        var next = IncidentTracker(contract: .crm360, calendar: .contract)
        next.resume(try store.openIncidents(), now: monday.adding(seconds: 200))
        next.observe(["store-writer": .up], at: monday.adding(seconds: 205))
        next.flush(insert: { (i) throws(StoreError) in try store.openIncident(i) }, close: { (id, at) throws(StoreError) in try store.closeIncident(id: id, at: at) })
        let all = try store.incidents(openedIn: Period(start: monday, end: monday.adding(seconds: 3600)))
        #expect(all.map(\.component) == ["ccrd", "store-writer"])
        #expect(all[0].priority == .p1 && all[0].closedAt == monday.adding(seconds: 90).milliseconds)
        // CRM360: 8 business hours from Monday 10:00 is Monday 18:00.
        #expect(all[0].deadlineAt == (try paris("2026-11-30", 18)).milliseconds)
        #expect(all[1].closedAt == monday.adding(seconds: 205).milliseconds)
        // Acknowledged once.
        let id = try #require(all[0].id)
        guard case .acknowledged(let taken) = try store.acknowledgeIncident(id: id, by: "cli", at: monday.adding(seconds: 3600)) else {
            Issue.record("not acknowledged")
            return
        }
        #expect(taken.outcome(now: monday.adding(seconds: 7200)) == .met)
        guard case .alreadyAcknowledged = try store.acknowledgeIncident(id: id, by: "cli", at: monday) else { Issue.record("twice"); return }
        #expect(try store.acknowledgeIncident(id: 999, by: "cli", at: monday) == .noSuchIncident)
    }

    @Test func anEssentialComponentDownCountsAsDowntime() throws {
        let store = try Store.inMemory()
        let start = try paris("2026-11-02", 0)
        let run = try store.beginRun(at: start)
        let now = try paris("2026-11-10", 12)
        try store.heartbeat(run: run, at: now)
        // The database down 30 min (P1), the disk degraded 2 h (P2: still available).
        var database = Incident(component: "database", priority: .p1, summary: "x", openedAt: try paris("2026-11-03", 10), deadline: nil)
        database.closedAt = (try paris("2026-11-03", 10, 30)).milliseconds
        var disk = Incident(component: "disk", priority: .p2, summary: "y", openedAt: try paris("2026-11-04", 10), deadline: nil)
        disk.closedAt = (try paris("2026-11-04", 12)).milliseconds
        for incident in [database, disk] { _ = try store.openIncident(incident) }
        var settings = Configuration.SLASettings()
        settings.weeklyMaintenance = nil
        let span = try ServiceLevelReport.runsNeeded(month: "2026-11", settings: settings, now: now)
        let report = try ServiceLevelReport.make(
            month: "2026-11", settings: settings, runs: try store.serviceRuns(overlapping: span), incidents: try store.incidents(openedIn: span), now: now)
        // 1 November 00:00 to 2 November 00:00: before the first run (nothing recorded: not counted as down).
        #expect(report.availability.downtimeMinutes == 30)
        #expect(report.incidents.byPriority.map(\.count) == [1, 1, 0])
    }
}
