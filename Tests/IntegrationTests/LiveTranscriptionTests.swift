import CCRCore
import Foundation
import Testing

/// Live transcription through the real daemon: a two-leg call streamed over RTP by ffmpeg (the
/// agent in French over Opus, the customer in English over G.711 µ-law), transcribed by the
/// embedded whisper.cpp engine with the Whisper base model `make asr` installs. The segments
/// come on the live channel, each leg in its own detected language, card numbers masked; the
/// stored call holds the transcript and its coverage; erasing the agent removes it.
@Suite("Live transcription", .serialized)
struct LiveTranscriptionTests {
    static let script: [SpeechCorpus.Line] = [
        .init(leg: .agent, text: "Bonjour, service facturation, je m'appelle Paul, que puis-je faire pour vous ?", after: 0.4, voice: "fr"),
        .init(leg: .customer, text: "Hello, I would like to pay my bill with a new card, please.", after: 0.6, voice: "en-us+f3"),
        .init(leg: .agent, text: "Bien sûr. Quel est le numéro de votre contrat ?", after: 0.6, voice: "fr"),
        .init(leg: .customer, text: "My card number is 4970 1012 3456 7890.", after: 0.6, voice: "en-us+f3"),
        .init(leg: .agent, text: "Merci beaucoup, au revoir et bonne journée.", after: 0.6, voice: "fr"),
    ]

    static var model: String { Daemon.packageRoot.appendingPathComponent(".build-asr/ggml-base.bin").path }

    @Test func segmentsArriveLiveAndAreStoredWithTheCall() async throws {
        let conversation = try await SpeechCorpus.render(Self.script, tail: 1.5)
        let file = SpeechCorpus.directory.appendingPathComponent("live-transcription.wav")
        try SpeechCorpus.writeStereo(conversation, to: file)

        let daemon = try Daemon(environment: ["CCRD_TRANSCRIPTION_MODEL": Self.model])
        try await daemon.waitUntilReady()
        let (_, ready) = try await daemon.request("GET", "/readyz")
        #expect(ready.string("transcription.engine") == "whisper.cpp (ggml-base.bin)")
        #expect((ready[path: "transcription.available"] as? Bool) == true, "\(ready)")

        let live = LiveClient(port: daemon.httpPort, token: daemon.adminToken, query: "kinds=transcripts")
        defer { Task { await live.close() } }
        let call = try await daemon.startCall([
            "callId": "spoken", "agentId": "a1", "team": "billing",
            "legs": ["agent": ["codec": "opus"], "customer": ["codec": "pcmu"]],
        ])
        let sent = try await Command.run(
            "ffmpeg",
            Command.ffmpegTwoLegs(
                file, agent: (call.int("legs.agent.port"), Command.opusArguments),
                customer: (call.int("legs.customer.port"), Command.pcmuArguments)))
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try await eventually { try await daemon.call("spoken").string("state") == "ended" })

        // Live: one segment per utterance, typed, on the call's media time, with its agent and team.
        func segments(_ messages: [[String: Any]]) -> [[String: Any]] {
            messages.filter { $0.string("event.type") == "transcript.segment" }.compactMap { $0["event"] as? [String: Any] }
        }
        #expect(await live.wait(timeout: .seconds(60)) { messages in
            let legs = Set(segments(messages).compactMap { $0.string("segment.leg") })
            return legs.count == 2 && segments(messages).count >= 3
        })
        let heard = segments(live.received)
        let agentText = heard.filter { $0.string("segment.leg") == "agent" }.compactMap { $0.string("segment.text") }.joined(separator: " ")
        let customerText = heard.filter { $0.string("segment.leg") == "customer" }.compactMap { $0.string("segment.text") }.joined(separator: " ")
        print("live transcript: agent \"\(agentText)\"; customer \"\(customerText)\"")
        // Whisper base on espeak-ng over the telephone: most words, and these. (espeak-ng's French
        // is rough: its later lines often come out as invented words with a mean log-probability
        // under −1, and the guard drops them; the word error rates are in Benchmarks/README.md.)
        #expect(agentText.lowercased().contains("bonjour") && agentText.lowercased().contains("paul"))
        #expect(customerText.lowercased().contains("new card") && customerText.lowercased().contains("card number"))
        // Each leg in its own language, detected once.
        #expect(Set(heard.filter { $0.string("segment.leg") == "agent" }.compactMap { $0.string("segment.language") }) == ["fr"])
        #expect(Set(heard.filter { $0.string("segment.leg") == "customer" }.compactMap { $0.string("segment.language") }) == ["en"])
        // The card number never leaves ccrd: its digits are masked.
        #expect(!customerText.contains("4970") && !customerText.contains("7890") && customerText.contains("####"), "\(customerText)")
        for segment in heard {
            #expect(segment.string("segment.callId") == "spoken" && segment.string("segment.agentId") == "a1")
            let (start, end) = (segment.double("segment.start"), segment.double("segment.end"))
            #expect(start >= 0 && end > start && end <= conversation.seconds + 0.5, "\(segment)")
            let words = segment["segment"].flatMap { ($0 as? [String: Any])?["words"] as? [[String: Any]] } ?? []
            #expect(!words.isEmpty && words.allSatisfy { $0.double("start") >= start - 0.01 && $0.double("end") <= end + 0.01 })
            #expect((0...1).contains(segment.double("segment.confidence")))
        }
        // Placed where the lines were said (the first agent line starts at 0.4 s).
        let first = try #require(heard.filter { $0.string("segment.leg") == "agent" }.min { $0.double("segment.start") < $1.double("segment.start") })
        #expect(abs(first.double("segment.start") - 0.4) < 0.6, "\(first)")

        // Stored with the call, with its coverage.
        #expect(try await eventually(within: .seconds(15)) {
            ((try await daemon.storedCall("spoken"))["transcript"] as? [[String: Any]])?.count == heard.count
        })
        let stored = try await daemon.storedCall("spoken")
        #expect(stored.double("transcription.coverage") == 1, "\(stored["transcription"] ?? "none")")
        #expect(stored.double("transcription.speechSeconds") > 8)
        #expect(stored.int("transcription.segments") == heard.count)
        let storedText = (stored["transcript"] as? [[String: Any]] ?? []).compactMap { $0.string("text") }.joined(separator: " ")
        #expect(!storedText.contains("4970"))

        // In the export, and erased with the agent.
        let export = try daemon.runCLI(["export", "--config", daemon.configPath])
        #expect(export.contains("\"transcript\"") && export.contains("Bonjour") && export.contains("\"coverage\""))
        let (status, erased) = try await daemon.request("DELETE", "/v1/subjects/agent/a1")
        #expect(status == 200, "\(erased)")
        #expect(erased.int("removed.transcriptSegments") == heard.count, "\(erased)")
        #expect(await daemon.stop() == 0)
    }
}
