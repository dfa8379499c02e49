import CCRCore
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import CCRServer

@Suite("Maintenance windows through the API")
struct MaintenanceAPITests {
    func body(_ start: WallTime, _ end: WallTime, reason: String = "database upgrade") -> ByteBuffer {
        ByteBuffer(string: #"{"start": "\#(start)", "end": "\#(end)", "reason": "\#(reason)"}"#)
    }

    @Test func adminsAnnounceListAndCancelWindowsThatHaveNotBegun() async throws {
        let server = try TestServer()
        let admin = TestServer.bearer(server.adminToken)
        let supervisor = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        let now = WallTime.now
        let start = now.adding(seconds: 2 * 86_400)
        try await server.app.test(.router) { client in
            var id = 0
            try await client.execute(uri: "/v1/maintenance", method: .post, headers: admin, body: body(start, start.adding(seconds: 3600))) { response in
                #expect(response.status == .created)
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                id = json?["id"] as? Int ?? 0
                #expect(json?["start"] as? String == start.description && json?["reason"] as? String == "database upgrade")
                #expect((json?["createdBy"] as? String)?.hasPrefix("token:") == true)
            }
            #expect(id > 0)
            // Refused: begun already, too long, ends before it starts, no reason, not a time; a supervisor.
            for (bad, message) in [
                (body(now.adding(seconds: -60), now.adding(seconds: 3600)), "in the future"),
                (body(start, start.adding(seconds: 8 * 86_400)), "7 days"),
                (body(start, start.adding(seconds: -60)), "7 days"),
                (body(start, start.adding(seconds: 3600), reason: " "), "reason"),
                (ByteBuffer(string: #"{"start": "soon", "end": "later", "reason": "x"}"#), "start must be a time"),
                (ByteBuffer(string: #"{"start": 5}"#), "maintenance window"),
            ] {
                try await client.execute(uri: "/v1/maintenance", method: .post, headers: admin, body: bad) { response in
                    #expect(response.status == .badRequest, "\(message)")
                    #expect(String(buffer: response.body).contains(message), "\(String(buffer: response.body))")
                }
            }
            try await client.execute(uri: "/v1/maintenance", method: .post, headers: supervisor, body: body(start, start.adding(seconds: 60))) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: "/v1/maintenance", method: .get, headers: admin) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains(#""reason":"database upgrade""#), "\(text)")
                #expect(text.contains("thursday 06:00-08:00 (UTC+01:00)"), "\(text)")
            }
            try await client.execute(uri: "/v1/maintenance/\(id)", method: .delete, headers: admin) { response in
                #expect(response.status == .ok && String(buffer: response.body).contains("cancelledAt"))
            }
            try await client.execute(uri: "/v1/maintenance/\(id)", method: .delete, headers: admin) { response in
                #expect(response.status == .conflict && String(buffer: response.body).contains("maintenance_cancelled"))
            }
            for missing in ["999999", "abc", "-1"] {
                try await client.execute(uri: "/v1/maintenance/\(missing)", method: .delete, headers: admin) { response in
                    #expect(response.status == .notFound, "\(missing)")
                }
            }
        }
    }

    @Test func anAnnouncedWindowIsExcludedFromAvailability() throws {
        let store = try Store.inMemory()
        var settings = Configuration.SLASettings()
        settings.weeklyMaintenance = nil
        let zone = ZoneRule.paris
        func paris(_ day: Int, _ hour: Int) -> WallTime { zone.moment(LocalTime(date: CivilDate(year: 2026, month: 11, day: day), secondsOfDay: hour * 3600)) }
        // Down 10:00-11:00 on 10 November, inside an announced 09:30-12:00 window; down 14:00-14:30 outside.
        let first = try store.beginRun(at: paris(1, 0))
        try store.heartbeat(run: first, at: paris(10, 10))
        let second = try store.beginRun(at: paris(10, 11))
        try store.heartbeat(run: second, at: paris(10, 14))
        let third = try store.beginRun(at: paris(10, 14).adding(seconds: 1800))
        let now = paris(20, 12)
        try store.heartbeat(run: third, at: now)
        var window = MaintenanceWindow(start: paris(10, 9).adding(seconds: 1800), end: paris(10, 12), reason: "upgrade", createdAt: paris(1, 0), createdBy: "cli")
        window = try store.announceMaintenance(window)
        let cancelled = try store.announceMaintenance(MaintenanceWindow(start: paris(10, 14), end: paris(10, 15), reason: "x", createdAt: paris(1, 0), createdBy: "cli"))
        _ = try store.cancelMaintenance(id: try #require(cancelled.id), now: paris(2, 0))
        let span = try ServiceLevelReport.runsNeeded(month: "2026-11", settings: settings, now: now)
        let report = try ServiceLevelReport.make(
            month: "2026-11", settings: settings, runs: try store.serviceRuns(overlapping: span),
            announced: try store.maintenanceWindows(overlapping: span), now: now)
        #expect(report.availability.excludedMinutes == 150)
        #expect(report.availability.downtimeMinutes == 30)
        #expect(report.maintenance.map(\.kind) == ["announced"] && report.maintenance.first?.reason == "upgrade")
        #expect(report.outages.map(\.excludedSeconds) == [3600, 0])
    }
}

@Suite("Incidents through the API")
struct IncidentAPITests {
    @Test func adminsListAndTakeIncidentsInCharge() async throws {
        let server = try TestServer()
        let admin = TestServer.bearer(server.adminToken)
        let now = WallTime.now
        let incident = try server.store.openIncident(
            Incident(component: "disk", priority: .p2, summary: "nearly full", openedAt: now.adding(seconds: -60), deadline: now.adding(seconds: 3600)))
        let id = try #require(incident.id)
        try await server.app.test(.router) { client in
            try await client.execute(uri: "/v1/incidents", method: .get, headers: admin) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains(#""component":"disk""#) && text.contains(#""outcome":"pending""#), "\(text)")
            }
            try await client.execute(uri: "/v1/incidents/\(id)/ack", method: .post, headers: admin) { response in
                let text = String(buffer: response.body)
                #expect(response.status == .ok && text.contains(#""outcome":"met""#) && text.contains("token:"), "\(text)")
            }
            try await client.execute(uri: "/v1/incidents/\(id)/ack", method: .post, headers: admin) { response in
                #expect(response.status == .conflict && String(buffer: response.body).contains("incident_acknowledged"))
            }
            try await client.execute(uri: "/v1/incidents/42424/ack", method: .post, headers: admin) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/v1/incidents?month=2026-1", method: .get, headers: admin) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/v1/incidents", method: .get, headers: TestServer.bearer(try server.token(.supervisor, teams: ["a"]))) { response in
                #expect(response.status == .forbidden)
            }
            // The report counts it: one P2, met.
            try await client.execute(uri: "/v1/sla", method: .get, headers: admin) { response in
                let json = try JSONSerialization.jsonObject(with: Data(String(buffer: response.body).utf8)) as? [String: Any]
                let figures = json?["incidents"] as? [String: Any]
                #expect(figures?["contract"] as? String == "standard" && figures?["withinTargetPercent"] as? Double == 100)
                let p2 = (figures?["byPriority"] as? [[String: Any]])?.first { $0["priority"] as? String == "P2" }
                #expect(p2?["count"] as? Int == 1 && p2?["met"] as? Int == 1 && p2?["targetBusinessHours"] as? Double == 9.5)
            }
        }
    }
}
