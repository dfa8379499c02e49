import CCRCore
import Foundation
import Testing

/// Two legs whose packets start ~300 ms apart (one leg comes over a slower path), sent by one
/// GStreamer pipeline with RTCP sender reports: placed by the senders' clock, the live call
/// hears exactly what `ccrd score` hears in the same audio.
@Suite("Legs placed by their senders' clocks", .serialized)
struct LegPlacementTests {
    static let script: [SpeechCorpus.Line] = [
        .init(leg: .agent, text: "Good afternoon, you are through to the billing team, my name is Paul.", after: 0.5),
        .init(leg: .customer, text: "Hello, I was charged twice for my subscription this month.", after: 0.6, voice: "en+f3"),
        // The customer cuts in 1.5 s before the agent has finished.
        .init(leg: .agent, text: "I am sorry to hear that, let me look at your account for you right away.", after: -1.5),
        .init(leg: .customer, text: "I already called twice about this and nobody fixed it.", after: 0.7, voice: "en+f3"),
        .init(leg: .agent, text: "I can see both payments, and I will refund one of them now.", after: 0.5),
    ]

    @Test func liveSegmentsAndInterruptionsMatchTheFileWithinOneFrame() async throws {
        // The same audio for both: 8 kHz, already through G.711, so the wire adds nothing.
        let conversation = try await SpeechCorpus.render(Self.script, tail: 1.0)
        let wide = SpeechCorpus.directory.appendingPathComponent("placement-16k.wav")
        let mulaw = SpeechCorpus.directory.appendingPathComponent("placement-mulaw.wav")
        let file = SpeechCorpus.directory.appendingPathComponent("placement-8k.wav")
        try SpeechCorpus.writeStereo(conversation, to: wide)
        for (input, output, codec) in [(wide, mulaw, "pcm_mulaw"), (mulaw, file, "pcm_s16le")] {
            let converted = try await Command.run(
                "ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", input.path, "-ar", "8000", "-c:a", codec, output.path])
            try #require(converted.status == 0, "\(converted.stderr)")
        }

        let offline = try await Command.output(
            Daemon.binary.path,
            ["score", file.path, "--format", "json", "--config", Daemon.packageRoot.appendingPathComponent("Config/ccrd.yaml").path])
        let events = try JSONDecoder().decode([String: [CallEvent]].self, from: Data(offline.utf8))["events"] ?? []
        let fileSummary = try #require(events.compactMap { if case .callEnded(let s) = $0 { s } else { nil } }.first)
        try #require(fileSummary.interruptions.count >= 1, "the script has an interruption")

        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let watcher = LiveClient(port: daemon.httpPort, token: daemon.adminToken)
        #expect(await watcher.wait { $0.first?["type"] as? String == "snapshot" })
        let call = try await daemon.startCall([
            "callId": "placed", "agentId": "a1", "legs": ["agent": ["codec": "pcmu"], "customer": ["codec": "pcmu"]],
        ])
        let agentPort = call.int("legs.agent.port")
        let customerPort = call.int("legs.customer.port")
        // One pipeline, one clock: each channel its own RTP session with sender reports every
        // ~0.5 s (RTCP to the next port); the customer's packets leave 300 ms after their time.
        let leg = "queue ! audioconvert ! audioresample ! audio/x-raw,rate=8000,channels=1 ! mulawenc ! "
            + "rtppcmupay pt=0 min-ptime=20000000 max-ptime=20000000"
        let pipeline = "rtpbin name=rb rtpsession0::rtcp-min-interval=500000000 rtpsession1::rtcp-min-interval=500000000 "
            + "filesrc location=\(file.path) ! wavparse ! audioconvert ! deinterleave name=d "
            + "d.src_0 ! \(leg) ! rb.send_rtp_sink_0 "
            + "rb.send_rtp_src_0 ! udpsink host=127.0.0.1 port=\(agentPort) "
            + "rb.send_rtcp_src_0 ! udpsink host=127.0.0.1 port=\(agentPort + 1) sync=false async=false "
            + "d.src_1 ! \(leg) ! rb.send_rtp_sink_1 "
            + "rb.send_rtp_src_1 ! udpsink host=127.0.0.1 port=\(customerPort) ts-offset=300000000 "
            + "rb.send_rtcp_src_1 ! udpsink host=127.0.0.1 port=\(customerPort + 1) sync=false async=false"
        // gst-launch sometimes stays up after its last packet and BYE, and ignores TERM: bounded by
        // `timeout`, which kills it 3 s later.
        let seconds = Int(conversation.seconds.rounded(.up)) + 10
        let sent = try await Command.run("timeout", ["-k", "3", "\(seconds)", "gst-launch-1.0", "-q", "-e"] + pipeline.split(separator: " ").map(String.init))
        #expect(sent.status == 0 || sent.status == 124 || sent.status == 137, "gst-launch: \(sent.stderr)")

        let ended = await watcher.wait(timeout: .seconds(30)) { messages in
            messages.contains { $0.eventType == "call.ended" && $0.callId == "placed" }
        }
        try #require(ended, "the live call did not end")
        let state = try await daemon.call("placed")
        let endedEvent = try #require(watcher.events.first { $0.eventType == "call.ended" && $0.callId == "placed" })
        let summaryJSON = try #require((endedEvent["event"] as? [String: Any])?["summary"])
        let live = try JSONDecoder().decode(CallSummary.self, from: JSONSerialization.data(withJSONObject: summaryJSON))
        await watcher.close()
        #expect(await daemon.stop() == 0)

        // The customer leg was placed by the senders' clock, 300 ms before its packets' arrival.
        let customer = try #require((state["legs"] as? [String: Any])?["customer"] as? [String: Any], "\(state)")
        #expect(customer["placement"] as? String == "senderClock", "\(customer)")
        let correction = (customer["placementCorrectionMs"] as? NSNumber)?.doubleValue ?? 0
        #expect(abs(correction + 300) <= 20, "correction \(correction) ms")

        // Every speech segment of each leg, and every interruption, within one frame of the file's.
        let frame = 0.02 + 1e-6
        for leg in [Leg.agent, .customer] {
            let fileSegments = try #require(fileSummary.legs.first { $0.leg == leg }).segments
            let liveSegments = try #require(live.legs.first { $0.leg == leg }).segments
            #expect(liveSegments.count == fileSegments.count, "\(leg): live \(liveSegments) file \(fileSegments)")
            for (a, b) in zip(liveSegments, fileSegments) {
                #expect(abs(a.start - b.start) <= frame && abs(a.end - b.end) <= frame, "\(leg): live \(a) file \(b)")
            }
        }
        #expect(live.interruptions.count == fileSummary.interruptions.count, "live \(live.interruptions) file \(fileSummary.interruptions)")
        for (a, b) in zip(live.interruptions, fileSummary.interruptions) {
            #expect(a.by == b.by && abs(a.at - b.at) <= frame, "live \(a) file \(b)")
        }
    }
}
