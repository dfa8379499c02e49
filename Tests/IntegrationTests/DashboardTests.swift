import Foundation
import Testing

/// The supervisor dashboard in headless Chromium (Selenium from PyPI, Debian's chromium and
/// chromedriver) against a real daemon with a streamed call: the page logs in with a token,
/// the call appears, its alert reaches the feed, the detail panel explains the score. The
/// screenshot is kept in test-artifacts/dashboard/.
@Suite("Dashboard", .serialized)
struct DashboardTests {
    @Test func streamedCallAndAlertAppearOnTheDashboard() async throws {
        let configPath = try LiveChannelTests.writeConfig()
        defer { try? FileManager.default.removeItem(atPath: configPath) }
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_IDLE_TIMEOUT": "60s"], configPath: configPath)
        try await daemon.waitUntilReady()
        let supervisor = try daemon.createToken(role: "supervisor", teams: ["blue"])
        let artifacts = Daemon.packageRoot.appendingPathComponent("test-artifacts/dashboard")
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)
        let screenshot = artifacts.appendingPathComponent("dashboard.png")
        try? FileManager.default.removeItem(at: screenshot)

        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = [
            "python3", Daemon.packageRoot.appendingPathComponent("Tests/Dashboard/dashboard_check.py").path,
            "--url", "\(daemon.baseURL)/", "--token", supervisor, "--bad-token", "ccrd_wrong_token",
            "--call-id", "dash-1", "--alert-rule", "dead-air", "--screenshot", screenshot.path, "--timeout", "60",
        ]
        let output = Pipe()
        browser.standardOutput = output
        browser.standardError = output
        let reader = Task { output.fileHandleForReading.readDataToEndOfFile() }
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            browser.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try browser.run()
            } catch {
                continuation.resume(throwing: error)
                return
            }
            Task {
                // Once the page is up, a blue call speaks for 2 s and goes quiet: dead air.
                try await Task.sleep(for: .seconds(3))
                let call = try await daemon.startCall([
                    "callId": "dash-1", "agentId": "agent-7", "team": "blue",
                    "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
                ])
                let agentPort = call.int("legs.agent.port")
                let customerPort = call.int("legs.customer.port")
                async let agent = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: agentPort, syllables: true))
                async let customer = Command.run("ffmpeg", Command.ffmpegOpus(seconds: 2, port: customerPort))
                _ = try await (agent, customer)
            }
        }
        let text = String(decoding: await reader.value, as: UTF8.self)
        #expect(status == 0, "dashboard check failed:\n\(text)\n--- ccrd log ---\n\(daemon.log.suffix(3000))")
        #expect(text.contains(#""ok": true"#), "\(text)")
        // The dead-air rule of this configuration is critical: the board cued it.
        #expect(text.contains(#""severity": "critical""#), "\(text)")
        #expect(FileManager.default.fileExists(atPath: screenshot.path))
        #expect(await daemon.stop() == 0)
    }
}
