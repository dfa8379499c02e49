import Foundation
import Testing

/// The supervisor's workspace in headless Chromium (Selenium, Debian's chromium and
/// chromedriver) against a real daemon fed by real RTP (ffmpeg, Opus):
/// - a blue call whose agent speaks 0–3 s and 10–13 s (dead air from 3 s to 10 s) ends before
///   the page opens; another blue call is running, having raised and cleared a dead-air alert;
///   a green call has ended;
/// - the board lists the alerts raised before it was opened, and the running call's count;
/// - the running call's page updates in place and turns into the ended call;
/// - the ended call's page draws the dead air where it was (SVG geometry against the seconds);
/// - the supervisor corrects the score criterion by criterion; the API then returns both scores;
/// - the green call is out of reach (UI and API); an admin creates and revokes a token.
/// Screenshots of each page are kept in test-artifacts/workspace/.
@Suite("Workspace", .serialized)
struct WorkspaceTests {
    /// A tone that swells like syllables where `speaking` (an ffmpeg expression in t, its commas
    /// escaped as `\,` for the filter graph) is 1, silence elsewhere.
    static func speech(seconds: Double, speaking: String) -> [String] {
        ["-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)*(0.55+0.45*sin(2*PI*4*t))*(\(speaking)):s=48000:d=\(seconds)"]
    }

    static func opus(_ input: [String], port: Int) -> [String] {
        ["-hide_banner", "-loglevel", "error", "-re"] + input
            + ["-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "24k", "-application", "voip", "-frame_duration", "20"]
            + ["-f", "rtp", "rtp://127.0.0.1:\(port)"]
    }

    /// Runs ffmpeg and returns its exit status once it exits; its output goes nowhere (no thread
    /// of the cooperative pool waits on a pipe meanwhile).
    static func ffmpeg(_ arguments: [String]) async throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["ffmpeg"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
    }

    /// Starts a two-leg Opus call, streams each leg, and ends it through the API.
    static func call(
        _ daemon: Daemon, id: String, agent: String, team: String, seconds: Double, agentSpeaking: String, customerSpeaking: String
    ) async throws {
        let call = try await daemon.startCall([
            "callId": id, "agentId": agent, "team": team,
            "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
        ])
        let (agentPort, customerPort) = (call.int("legs.agent.port"), call.int("legs.customer.port"))
        async let agentLeg = ffmpeg(opus(speech(seconds: seconds, speaking: agentSpeaking), port: agentPort))
        async let customerLeg = ffmpeg(opus(speech(seconds: seconds, speaking: customerSpeaking), port: customerPort))
        let (agentStatus, customerStatus) = try await (agentLeg, customerLeg)
        #expect(agentStatus == 0 && customerStatus == 0, "ffmpeg for \(id) exited with \(agentStatus) and \(customerStatus)")
        let (status, body) = try await daemon.request("POST", "/v1/calls/\(id)/end")
        if status != 200 {
            let stored = try? await daemon.storedCall(id)
            Issue.record("ending \(id): \(status) \(body); stored: \(String(describing: stored?["call"]))")
        }
    }

    @Test func aSupervisorReviewsCallsInTheBrowser() async throws {
        let configPath = try LiveChannelTests.writeConfig()
        defer { try? FileManager.default.removeItem(atPath: configPath) }
        let daemon = try Daemon(environment: ["CCRD_INGEST_RTP_IDLE_TIMEOUT": "60s"], configPath: configPath)
        try await daemon.waitUntilReady()
        let blue = try daemon.createToken(role: "supervisor", teams: ["blue"])
        let artifacts = Daemon.packageRoot.appendingPathComponent("test-artifacts/workspace")
        try? FileManager.default.removeItem(at: artifacts)
        try FileManager.default.createDirectory(at: artifacts, withIntermediateDirectories: true)

        // The running call: speech, 6 s of dead air (an alert raised and cleared), then speech to 40 s.
        let running = Task {
            try await Self.call(daemon, id: "ws-live", agent: "agent-8", team: "blue", seconds: 40, agentSpeaking: #"lt(t\,2)+gte(t\,8)"#, customerSpeaking: "0")
        }
        // Before the page opens: the call with dead air from 3 s to 10 s, and a green call.
        async let dead: Void = Self.call(
            daemon, id: "ws-blue", agent: "agent-7", team: "blue", seconds: 13, agentSpeaking: #"lt(t\,3)+gte(t\,10)"#, customerSpeaking: "0")
        async let green: Void = Self.call(
            daemon, id: "ws-green", agent: "agent-9", team: "green", seconds: 4, agentSpeaking: "1", customerSpeaking: "0")
        _ = try await (dead, green)
        let ended = await eventually(within: .seconds(15)) {
            (try? await daemon.storedCall("ws-blue"))?.string("call.state") == "ended"
        }
        try #require(ended, "ws-blue was not stored as ended")

        let check = try await BrowserCheck.run(
            "workspace_check.py",
            [
                "--url", "\(daemon.baseURL)/", "--token", blue, "--admin-token", daemon.adminToken,
                "--live-call", "ws-live", "--dead-call", "ws-blue", "--agent", "agent-7", "--other-call", "ws-green",
                "--artifacts", artifacts.path, "--timeout", "60",
            ], outputIn: artifacts)
        try await running.value
        try #require(check.status == 0, "workspace check failed:\n\(check.output)\n\(check.errors)\n--- ccrd log ---\n\(daemon.log.suffix(3000))")
        let seen = check.json

        // The board opened after both alerts: it lists them with their real times, cleared.
        #expect((seen["earlierAlert"] as? [String: String]) == ["cleared": "true", "estimated": "false"], "\(seen)")
        #expect((seen["liveAlert"] as? [String: String]) == ["cleared": "true", "estimated": "false"], "\(seen)")
        #expect((seen["liveAlertCount"] as? Int ?? 0) >= 1, "\(seen)")
        #expect((seen["criticalFilterKeeps"] as? Int ?? 0) >= 2, "\(seen)")
        #expect((seen["boardOverflow"] as? Int ?? 1) <= 0, "the board scrolls sideways at 1366×768: \(seen)")
        #expect((seen["callOverflow"] as? Int ?? 1) <= 0, "the call page scrolls sideways at 1366×768: \(seen)")

        // The list: the team's calls only, sorted by score when asked.
        let listed = seen["listedCalls"] as? [String] ?? []
        #expect(listed.contains("ws-blue") && !listed.contains("ws-green"), "\(listed)")
        let scores = seen["scoresAscending"] as? [Double] ?? []
        #expect(!scores.isEmpty && scores == scores.sorted(), "\(scores)")
        #expect((seen["listUnlabelled"] as? [String])?.isEmpty == true, "\(seen)")
        #expect((seen["reviewUnlabelled"] as? [String])?.isEmpty == true, "\(seen)")

        // The timeline: one dead-air band from about 3 s to about 10 s, drawn where those seconds are.
        let timeline = try #require(seen["timeline"] as? [String: Any])
        let left = try #require(timeline["left"] as? Double)
        let scale = try #require(timeline["scale"] as? Double)
        let bands = timeline["deadAir"] as? [[String: Double]] ?? []
        #expect(bands.count == 1, "\(timeline)")
        if let band = bands.first {
            #expect(abs(band["start", default: -1] - 3) < 0.8, "dead air starts at \(band)")
            #expect(abs(band["end", default: -1] - 10) < 0.8, "dead air ends at \(band)")
            #expect(abs(band["x", default: -1] - (left + band["start", default: 0] * scale)) < 0.5, "x of \(band)")
            #expect(abs(band["width", default: -1] - (band["end", default: 0] - band["start", default: 0]) * scale) < 0.5, "width of \(band)")
        }
        #expect((timeline["agentSpeech"] as? Int ?? 0) >= 2, "\(timeline)")
        #expect((timeline["alertMarks"] as? [String])?.contains("dead-air") == true, "\(timeline)")
        #expect((timeline["scoreDots"] as? Int ?? 0) >= 1, "\(timeline)")

        // The correction through the page: the API returns the machine's score and the human's.
        let stored = try await daemon.storedCall("ws-blue", token: blue)
        let machine = stored.double("call.score")
        try #require(machine.isFinite, "\(stored)")
        let reviews = stored["reviews"] as? [[String: Any]] ?? []
        try #require(reviews.count == 1, "\(stored)")
        let review = reviews[0]
        #expect(review["verdict"] as? String == "corrected")
        #expect((review["aiScore"] as? NSNumber)?.doubleValue == machine)
        let human = try #require((review["score"] as? NSNumber)?.doubleValue)
        #expect(seen["humanScore"] as? Double == human && seen["machineScore"] as? Double == machine, "\(seen) \(review)")
        let corrections = review["criteria"] as? [[String: Any]] ?? []
        #expect(corrections.first?["name"] as? String == "dead air" && (corrections.first?["pointsLost"] as? NSNumber)?.doubleValue == 0)
        let forgiven = (corrections.first?["machinePointsLost"] as? NSNumber)?.doubleValue ?? 0
        #expect(forgiven > 0 && abs(human - min(100, machine + forgiven)) < 0.01, "machine \(machine), forgiven \(forgiven), human \(human)")
        #expect(review["comment"] as? String == "hold music, not dead air")
        #expect((review["reviewer"] as? String)?.hasPrefix("token:") == true && review["reviewedAt"] is String)

        // The queue no longer lists it; the other team's call is out of reach in the API too.
        let queue = seen["queue"] as? [String] ?? []
        #expect(!queue.contains("ws-blue") && !queue.contains("ws-green") && queue.contains("ws-live"), "\(queue)")
        #expect((seen["teamPoints"] as? Int ?? 0) >= 1, "\(seen)")
        #expect(try await daemon.request("GET", "/v1/calls/ws-green", token: blue).0 == 404)
        #expect(try await daemon.request("POST", "/v1/calls/ws-green/review", json: ["verdict": "confirmed"], token: blue).0 == 404)
        #expect(seen["tokensLinkHidden"] as? Bool == true)
        #expect(seen["frenchHeading"] as? String == "Appels terminés", "\(seen)")

        // The admin's token: created with its secret shown once, then revoked.
        #expect(seen["secretShown"] as? Bool == true && seen["secretGone"] as? Bool == true, "\(seen)")
        let (_, tokens) = try await daemon.request("GET", "/v1/tokens")
        let created = (tokens["tokens"] as? [[String: Any]] ?? []).first { $0["id"] as? String == seen["createdToken"] as? String }
        #expect(created?["state"] as? String == "revoked" && created?["teams"] as? [String] == ["red"], "\(tokens)")

        for name in ["live-board", "call-live", "calls", "call-page", "review", "queue", "agents", "calls-fr", "tokens"] {
            #expect(FileManager.default.fileExists(atPath: artifacts.appendingPathComponent("\(name).png").path), "\(name).png")
        }
        #expect(await daemon.stop() == 0)
    }
}
