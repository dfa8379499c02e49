import Foundation
import Testing

/// Maintenance announced to live clients ahead of time by the running binary: an admin
/// announces windows through the API, supervisors connected on the live channel are told
/// (`maintenance.scheduled`, `day` or `hour` ahead), a client connecting later finds them in its
/// snapshot, and a cancelled one is announced as cancelled.
@Suite("Maintenance notices on the live channel", .serialized)
struct MaintenanceNoticeTests {
    @Test func supervisorsAreToldOfMaintenanceAheadAndOfItsCancellation() async throws {
        let daemon = try Daemon(environment: ["CCRD_SLA_HEARTBEAT_INTERVAL": "500ms"])
        try await daemon.waitUntilReady()
        let token = try daemon.createToken(role: "supervisor", teams: ["blue"])
        let supervisor = LiveClient(port: daemon.httpPort, token: token)
        #expect(await supervisor.wait(timeout: .seconds(5)) { $0.first?["type"] as? String == "snapshot" })
        let now = Date()
        func iso(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false)) }
        let (soonStatus, soon) = try await daemon.request(
            "POST", "/v1/maintenance",
            json: ["start": iso(now.addingTimeInterval(600)), "end": iso(now.addingTimeInterval(2400)), "reason": "database upgrade"],
            token: daemon.adminToken)
        let (laterStatus, later) = try await daemon.request(
            "POST", "/v1/maintenance",
            json: ["start": iso(now.addingTimeInterval(3 * 3600)), "end": iso(now.addingTimeInterval(4 * 3600)), "reason": "disk swap"],
            token: daemon.adminToken)
        #expect(soonStatus == 201 && laterStatus == 201)
        let soonId = (soon["id"] as? NSNumber)?.intValue ?? -1
        let laterId = (later["id"] as? NSNumber)?.intValue ?? -1

        func notices(_ messages: [[String: Any]]) -> [[String: Any]] {
            messages.filter { $0["type"] as? String == "notice" }.compactMap { $0["notice"] as? [String: Any] }
        }
        func scheduled(_ messages: [[String: Any]]) -> [Int: String] {
            var stages: [Int: String] = [:]
            for notice in notices(messages) where notice["type"] as? String == "maintenance.scheduled" {
                let id = ((notice["maintenance"] as? [String: Any])?["id"] as? NSNumber)?.intValue ?? -1
                stages[id] = notice["stage"] as? String
            }
            return stages
        }
        #expect(
            await supervisor.wait(timeout: .seconds(10)) { scheduled($0) == [soonId: "hour", laterId: "day"] },
            "notices: \(notices(supervisor.received))\n\(daemon.log.suffix(2000))")
        let hourNotice = notices(supervisor.received).first { ($0["maintenance"] as? [String: Any])?["id"] as? NSNumber == NSNumber(value: soonId) }
        let startsIn = (hourNotice?["startsInSeconds"] as? NSNumber)?.intValue ?? 0
        #expect((590...600).contains(startsIn), "startsInSeconds \(startsIn)")
        #expect((hourNotice?["maintenance"] as? [String: Any])?["reason"] as? String == "database upgrade")

        // A client connecting now finds both in its snapshot.
        let late = LiveClient(port: daemon.httpPort, token: token)
        #expect(await late.wait(timeout: .seconds(5)) { $0.first?["type"] as? String == "snapshot" })
        let standing = (late.received.first?["maintenance"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.intValue }
        #expect(standing == [soonId, laterId])

        // Cancelled: every client is told, and it leaves the snapshot.
        let (cancelStatus, _) = try await daemon.request("DELETE", "/v1/maintenance/\(laterId)", token: daemon.adminToken)
        #expect(cancelStatus == 200)
        #expect(
            await late.wait(timeout: .seconds(10)) { messages in
                notices(messages).contains {
                    $0["type"] as? String == "maintenance.cancelled" && ($0["maintenance"] as? [String: Any])?["id"] as? NSNumber == NSNumber(value: laterId)
                }
            })
        let third = LiveClient(port: daemon.httpPort, token: token)
        #expect(await third.wait(timeout: .seconds(5)) { $0.first?["type"] as? String == "snapshot" })
        #expect((third.received.first?["maintenance"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? NSNumber)?.intValue } == [soonId])
        #expect(daemon.log.contains("maintenance announced to live clients"))
        for client in [supervisor, late, third] { await client.close() }
        #expect(await daemon.stop() == 0)
    }
}
