import CCRCore
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CCRServer

@Suite("Service-level report")
struct ServiceLevelReportTests {
    /// A moment on Paris clocks.
    func paris(_ date: String, _ hour: Int, _ minute: Int = 0) throws -> WallTime {
        ZoneRule.paris.moment(LocalTime(date: try #require(CivilDate(date)), secondsOfDay: hour * 3600 + minute * 60))
    }

    @Test func aMonthCountsOutagesOutsideMaintenanceAgainstTheTarget() throws {
        let store = try Store.inMemory()
        // Up from 1 October; a crash on 5 November at 06:30 (inside Thursday's window) with its
        // last heartbeat then, back at 07:30; a clean stop on 20 November 10:00-10:45; killed on
        // 25 November 14:00 (last heartbeat), back at 14:10. Now: 30 November 12:00.
        let first = try store.beginRun(at: try paris("2026-10-01", 0))
        try store.heartbeat(run: first, at: try paris("2026-11-05", 6, 30))
        let second = try store.beginRun(at: try paris("2026-11-05", 7, 30))
        try store.endRun(second, at: try paris("2026-11-20", 10))
        let third = try store.beginRun(at: try paris("2026-11-20", 10, 45))
        try store.heartbeat(run: third, at: try paris("2026-11-25", 14))
        let fourth = try store.beginRun(at: try paris("2026-11-25", 14, 10))
        let now = try paris("2026-11-30", 12)
        try store.heartbeat(run: fourth, at: now.adding(seconds: -2))
        let settings = Configuration.SLASettings()
        let span = try ServiceLevelReport.runsNeeded(month: "2026-11", settings: settings, now: now)
        let report = try ServiceLevelReport.make(month: "2026-11", settings: settings, runs: try store.serviceRuns(overlapping: span), now: now)
        #expect(!report.complete && report.zone == "Europe/Paris")
        #expect(report.outages.map(\.cause) == ["crash", "stop", "crash"])
        // The first outage is half inside the window (06:00-08:00 at +01:00 is 06:00-08:00 Paris in November).
        #expect(report.outages[0].seconds == 3600 && report.outages[0].excludedSeconds == 3600)
        #expect(report.availability.downtimeMinutes == 45 + 10)
        #expect(report.availability.excludedMinutes == 4 * 120)
        // 1 November 00:00 to 30 November 12:00, Paris: 708 h, less 8 h of maintenance.
        #expect(report.availability.countedMinutes == 42_000)
        #expect(abs((report.availability.availabilityPercent ?? 0) - (report.availability.countedMinutes - 55) / report.availability.countedMinutes * 100) < 1e-9)
        #expect(report.availability.met == true && report.availability.targetPercent == 99)
        #expect(report.maintenance.count == 4)
        #expect(report.table.contains("availability") && report.table.contains("3 outages (2 crash, 1 stop)"))
        // October is complete: no outage in it, available throughout.
        let october = try ServiceLevelReport.make(month: "2026-10", settings: settings, runs: try store.serviceRuns(overlapping: span), now: now)
        #expect(october.complete && october.outages.isEmpty && october.availability.availabilityPercent == 100)
        // A month not begun, or not a month, is refused.
        #expect(throws: ServiceLevelReport.Refusal.futureMonth("2026-12")) {
            try ServiceLevelReport.make(month: "2026-12", settings: settings, runs: [], now: now)
        }
        for bad in ["2026-13", "2026-1", "26-11", "2026-11-01", "+026-11", "1999-12", ""] {
            #expect(throws: ServiceLevelReport.Refusal.self) { try ServiceLevelReport.month(bad) }
        }
    }

    @Test func theReportIsForAdminsAndRefusesBadMonths() async throws {
        let server = try TestServer()
        let supervisor = try server.token(.supervisor, teams: ["blue"])
        try await server.app.test(.router) { client in
            try await client.execute(uri: "/v1/sla", method: .get, headers: TestServer.bearer(server.adminToken)) { response in
                #expect(response.status == .ok)
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                #expect((json?["availability"] as? [String: Any])?["targetPercent"] as? Double == 99)
                #expect(json?["zone"] as? String == "Europe/Paris")
            }
            try await client.execute(uri: "/v1/sla?month=2026-13", method: .get, headers: TestServer.bearer(server.adminToken)) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("YYYY-MM"))
            }
            try await client.execute(uri: "/v1/sla", method: .get, headers: TestServer.bearer(supervisor)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/sla", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
    }
}
