import CCRCore
import Foundation
import Testing

/// The same conversation streamed live over RTP (Opus, one ffmpeg process sending both legs)
/// and scored offline with `ccrd score` gives the same windows and alerts.
@Suite("Live and offline scoring agree", .serialized)
struct LiveVersusOfflineTests {
    static let script: [SpeechCorpus.Line] = [
        .init(leg: .agent, text: "Good morning, this is Paul from the billing team, what can I do for you?", after: 0.4),
        .init(leg: .customer, text: "My internet has been down since yesterday evening.", after: 0.7, voice: "en+f3"),
        .init(leg: .agent, text: "Let me run a line test for you.", after: 0.5),
        .init(leg: .customer, text: "Is anyone there, hello, I really need this fixed today.", after: 10.8, voice: "en+f3"),
        .init(leg: .agent, text: "Yes, I am here, the test shows a fault at the exchange, a technician is on the way.", after: -2.0),
    ]

    @Test func windowScoresAndAlertTimesMatch() async throws {
        let conversation = try await SpeechCorpus.render(Self.script, tail: 1.5)
        let file = SpeechCorpus.directory.appendingPathComponent("live-vs-offline.wav")
        try SpeechCorpus.writeStereo(conversation, to: file)

        // Offline.
        let offline = try await Command.output(
            Daemon.binary.path,
            ["score", file.path, "--format", "json", "--config", Daemon.packageRoot.appendingPathComponent("Config/ccrd.yaml").path])
        let events = try JSONDecoder().decode([String: [CallEvent]].self, from: Data(offline.utf8))["events"] ?? []
        let offlineWindows = events.compactMap { if case .windowScored(let w) = $0 { w } else { nil } }
        let offlineAlerts = events.compactMap { if case .alertRaised(let a) = $0 { a } else { nil } }
        try #require(offlineWindows.count >= 4)
        try #require(offlineAlerts.contains { $0.rule == "dead-air" })

        // Live.
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall([
            "callId": "replay", "agentId": "a1", "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
        ])
        let opus = ["-ar", "48000", "-c:a", "libopus", "-b:a", "24k", "-application", "voip", "-frame_duration", "20", "-rtpflags", "send_bye", "-f", "rtp"]
        let sent = try await Command.run(
            "ffmpeg",
            ["-hide_banner", "-loglevel", "error", "-re", "-i", file.path,
             "-filter_complex", "[0:a]pan=mono|c0=c0[l];[0:a]pan=mono|c0=c1[r]",
             "-map", "[l]"] + opus + ["rtp://127.0.0.1:\(call.int("legs.agent.port"))",
             "-map", "[r]"] + opus + ["rtp://127.0.0.1:\(call.int("legs.customer.port"))"])
        #expect(sent.status == 0, "\(sent.stderr)")
        // The senders' RTCP BYE ends the call.
        #expect(try await eventually { try await daemon.call("replay").string("state") == "ended" })
        let state = try await daemon.call("replay")
        let analysis = try #require(state["analysis"] as? [String: Any])
        let timeline = try #require(analysis["scoreTimeline"] as? [[String: Any]])
        let liveAlerts = try #require(analysis["alerts"] as? [[String: Any]])
        #expect(await daemon.stop() == 0)

        // Every offline window is there live, at the same time, with nearly the same score.
        for window in offlineWindows {
            let live = try #require(timeline.first { abs($0.double("to") - window.window.to) < 0.001 }, "no live window at \(window.window.to)")
            #expect(abs(live.double("score") - window.score.score) <= 5, "window \(window.window.to): live \(live.double("score")) offline \(window.score.score)")
        }
        // Every offline alert is raised live within 40 ms of the same media time.
        for alert in offlineAlerts {
            let live = try #require(liveAlerts.first { $0.string("rule") == alert.rule }, "live call has no \(alert.rule) alert")
            #expect(abs(live.double("raisedAt") - alert.raisedAt) <= 0.04, "\(alert.rule): live \(live.double("raisedAt")) offline \(alert.raisedAt)")
        }
    }
}
