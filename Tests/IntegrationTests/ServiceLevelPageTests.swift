import Foundation
import Testing

/// The admins' service-level page in headless Chromium (Selenium, Debian's chromium and
/// chromedriver) against the real binary after a crash and a restart on the same state
/// database: a supervisor is refused, an admin's dashboard shows an announced maintenance
/// window in its banner and links to the page, and the page draws the month as `GET /v1/sla`
/// reports it. Screenshots are kept in test-artifacts/dashboard/.
@Suite("Service-level page", .serialized)
struct ServiceLevelPageTests {
    @Test func thePageDrawsTheMonthAsTheReportHasIt() async throws {
        var environment = ["CCRD_SLA_HEARTBEAT_INTERVAL": "500ms"]
        let first = try Daemon(environment: environment)
        environment["CCRD_HTTP_PORT"] = "\(first.httpPort)"
        try await first.waitUntilReady()
        try await Task.sleep(for: .seconds(1.3))
        first.crash()  // a crash outage and its P1 `ccrd` incident
        try await Task.sleep(for: .seconds(1))
        let daemon = try Daemon(environment: environment, directory: first.directory)
        try await daemon.waitUntilReady()
        let supervisor = try daemon.createToken(role: "supervisor", teams: ["blue"])
        let start = Date().addingTimeInterval(1200)
        func iso(_ date: Date) -> String { date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: false)) }
        let (status, _) = try await daemon.request(
            "POST", "/v1/maintenance", json: ["start": iso(start), "end": iso(start.addingTimeInterval(1800)), "reason": "database upgrade"])
        #expect(status == 201)
        try await Task.sleep(for: .seconds(1.2))  // a health round writes the hour's response times

        let artifacts = Daemon.packageRoot.appendingPathComponent("test-artifacts/dashboard")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        for name in ["sla.png", "dashboard-maintenance.png", "sla-failed.png"] {
            try? FileManager.default.removeItem(at: artifacts.appendingPathComponent(name))
        }
        let script = Daemon.packageRoot.appendingPathComponent("Tests/Dashboard/sla_check.py").path
        let check = try Command.capture([
            "python3", script, "--url", "\(daemon.baseURL)/", "--token", daemon.adminToken, "--supervisor-token", supervisor,
            "--maintenance-reason", "database upgrade", "--screenshots", artifacts.path, "--timeout", "60",
        ])
        print(check.output)
        #expect(check.status == 0, "page check failed:\n\(check.output)\n\(check.errors)\n--- ccrd log ---\n\(daemon.log.suffix(3000))")
        #expect(check.output.contains(#""ok": true"#))
        #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("sla.png").path))
        #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("dashboard-maintenance.png").path))
        #expect(await daemon.stop() == 0)
    }
}
