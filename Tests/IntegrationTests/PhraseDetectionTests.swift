import CCRCore
import Foundation
import Testing

/// What was said, end to end through the real daemon: two calls streamed over RTP by ffmpeg at
/// once, transcribed by whisper.cpp (the Whisper base model `make asr` installs) and listened to
/// with the shipped French and English phrase sets.
///
/// The English call has an agent who never greets — silent for the first
/// 15 s — and a customer who says two irritants about an invoice: the missed-greeting warning
/// and the critical irritant alerts come on the live channel, and the call is put in the billing
/// category. The French call greets and introduces herself on time (espeak-ng's French is rough
/// for Whisper base: only those lines are heard reliably, so only they are asserted; its
/// « service facturation », heard as « Miss Factoration » or worse, may or may not make it billing).
/// Both reports (`call.phrases`) are on the live channel and in the stored calls; the calls are
/// found by category, and the anonymized statistics count them.
@Suite("Phrase detection", .serialized)
struct PhraseDetectionTests {
    static let english: [SpeechCorpus.Line] = [
        .init(leg: .customer, text: "Hello, I am calling about my invoice.", after: 0.5, voice: "en-us+f3"),
        .init(leg: .agent, text: "My name is Paul. How can I help you today?", after: 14.5, voice: "en-us"),
        .init(leg: .customer, text: "Honestly, this is unacceptable.", after: 0.8, voice: "en-us+f3"),
        .init(leg: .customer, text: "I want to speak to a manager right now.", after: 0.8, voice: "en-us+f3"),
        .init(leg: .customer, text: "This is ridiculous. I want to cancel my contract.", after: 0.8, voice: "en-us+f3"),
        .init(leg: .agent, text: "I can offer you a refund.", after: 0.8, voice: "en-us"),
    ]
    static let french: [SpeechCorpus.Line] = [
        .init(leg: .agent, text: "Bonjour, service facturation, je m'appelle Paul, que puis-je faire pour vous ?", after: 0.4, voice: "fr"),
        .init(leg: .customer, text: "Je voudrais changer l'adresse de mon contrat, s'il vous plaît.", after: 0.8, voice: "fr"),
        .init(leg: .agent, text: "Merci beaucoup, au revoir et bonne journée.", after: 0.8, voice: "fr"),
    ]

    static var model: String { Daemon.packageRoot.appendingPathComponent(".build-asr/ggml-base.bin").path }

    @Test func irritantsMissedGreetingAdherenceAndCategoriesGoLiveAndAreStored() async throws {
        let englishFile = SpeechCorpus.directory.appendingPathComponent("phrases-en.wav")
        let frenchFile = SpeechCorpus.directory.appendingPathComponent("phrases-fr.wav")
        try SpeechCorpus.writeStereo(try await SpeechCorpus.render(Self.english, tail: 1.5), to: englishFile)
        try SpeechCorpus.writeStereo(try await SpeechCorpus.render(Self.french, tail: 1.5), to: frenchFile)

        let daemon = try Daemon(environment: ["CCRD_TRANSCRIPTION_MODEL": Self.model, "CCRD_TRANSCRIPTION_WORKERS": "2"])
        try await daemon.waitUntilReady()
        let (_, ready) = try await daemon.request("GET", "/readyz")
        #expect((ready[path: "phrases.listening"] as? Bool) == true && (ready[path: "phrases.languages"] as? [String]) == ["en", "fr"], "\(ready)")
        let live = LiveClient(port: daemon.httpPort, token: daemon.adminToken, query: "kinds=alerts,phrases,transcripts")
        defer { Task { await live.close() } }
        let englishCall = try await daemon.startCall([
            "callId": "said-en", "agentId": "a-en", "team": "support",
            "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
        ])
        let frenchCall = try await daemon.startCall([
            "callId": "said-fr", "agentId": "a-fr", "team": "support",
            "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
        ])
        async let englishSent = Command.run(
            "ffmpeg",
            Command.ffmpegTwoLegs(
                englishFile, agent: (englishCall.int("legs.agent.port"), Command.opusArguments),
                customer: (englishCall.int("legs.customer.port"), Command.opusArguments)))
        async let frenchSent = Command.run(
            "ffmpeg",
            Command.ffmpegTwoLegs(
                frenchFile, agent: (frenchCall.int("legs.agent.port"), Command.opusArguments),
                customer: (frenchCall.int("legs.customer.port"), Command.opusArguments)))
        let (sentEnglish, sentFrench) = try await (englishSent, frenchSent)
        #expect(sentEnglish.status == 0 && sentFrench.status == 0, "\(sentEnglish.stderr) \(sentFrench.stderr)")

        // Both reports come on the live channel once each call's transcription is complete.
        func events(_ type: String, _ callId: String) -> [[String: Any]] {
            live.received.filter { $0.string("event.type") == type && $0.string("callId") == callId }
                .compactMap { $0["event"] as? [String: Any] }
        }
        #expect(await live.wait(timeout: .seconds(120)) { _ in
            !events("call.phrases", "said-en").isEmpty && !events("call.phrases", "said-fr").isEmpty
        })
        let heard = live.received.filter { $0.string("event.type") == "phrase.detected" }
            .map { "\($0.string("callId") ?? "") \($0.string("event.phrase.set") ?? "")/\($0.string("event.phrase.phrase") ?? ""): \($0.string("event.phrase.text") ?? "")" }
        let said = live.received.filter { $0.string("event.type") == "transcript.segment" }
            .map { "\($0.string("callId") ?? "") \($0.string("event.segment.leg") ?? "") \($0.double("event.segment.start")): \($0.string("event.segment.text") ?? "")" }
        print("transcripts:\n  " + said.joined(separator: "\n  ") + "\nphrases heard:\n  " + heard.joined(separator: "\n  "))

        // English: the irritants raise the critical alerts at once, the greeting never said its warning.
        let englishAlerts = events("alert.raised", "said-en")
        let rules = Set(englishAlerts.compactMap { $0.string("alert.rule") })
        #expect(rules.isSuperset(of: ["customer-irritant", "missed-greeting"]), "\(rules)")
        #expect(englishAlerts.first { $0.string("alert.rule") == "customer-irritant" }?.string("alert.severity") == "critical")
        let missed = englishAlerts.first { $0.string("alert.rule") == "missed-greeting" }
        #expect(missed?.double("alert.raisedAt") == 15 && missed?.string("alert.severity") == "warning")
        let irritants = events("phrase.detected", "said-en").filter { $0.string("phrase.set") == "irritant" }
        #expect(!irritants.isEmpty && irritants.allSatisfy { $0.string("phrase.leg") == "customer" })
        #expect(irritants.allSatisfy { $0.double("phrase.start") > 14 && $0.double("phrase.confidence") > 0.3 })
        let englishReport = try #require(events("call.phrases", "said-en").first?["phrases"] as? [String: Any])
        let englishSteps = Self.steps(englishReport)
        #expect(englishSteps["greeting"] == "missed", "\(englishSteps)")
        #expect(englishSteps["identification"] == "onTime", "\(englishSteps)")
        #expect(Self.categories(englishReport).contains("billing"), "\(englishReport)")
        #expect(((englishReport["irritants"] as? [[String: Any]]) ?? []).count >= 1)

        // French: greeted on time, no warning, the script held in French.
        #expect(!events("alert.raised", "said-fr").contains { $0.string("alert.rule") == "missed-greeting" })
        let frenchReport = try #require(events("call.phrases", "said-fr").first?["phrases"] as? [String: Any])
        let frenchSteps = Self.steps(frenchReport)
        #expect(frenchSteps["greeting"] == "onTime" && frenchSteps["identification"] == "onTime", "\(frenchSteps)")
        #expect(frenchReport["scriptLanguage"] as? String == "fr")
        #expect((frenchReport["adherence"] as? Double ?? 0) > 0 && (englishReport["adherence"] as? Double ?? 1) < 1)

        // Stored with the calls: the report, the phrases, the script steps in the score, the alerts.
        #expect(try await eventually(within: .seconds(15)) {
            let english = try await daemon.storedCall("said-en")
            let french = try await daemon.storedCall("said-fr")
            return english["whatWasSaid"] is [String: Any] && french["whatWasSaid"] is [String: Any]
        })
        let storedEnglish = try await daemon.storedCall("said-en")
        let criteria = ((storedEnglish["call"] as? [String: Any])?["scoreDetail"] as? [[String: Any]]) ?? []
        let greeting = criteria.first { $0.string("name") == "script: greeting" }
        #expect(greeting?.double("value") == 0 && (greeting?.double("pointsLost") ?? 0) > 0, "\(criteria)")
        #expect(((storedEnglish["phrases"] as? [[String: Any]]) ?? []).contains { $0.string("set") == "irritant" })
        #expect(((storedEnglish["alerts"] as? [[String: Any]]) ?? []).contains { $0.string("rule") == "customer-irritant" })

        // Found by category (and only those), in the export too.
        let (status, billing) = try await daemon.request("GET", "/v1/calls?category=billing")
        #expect(status == 200)
        let billed = Set(((billing["calls"] as? [[String: Any]]) ?? []).compactMap { $0.string("id") })
        #expect(billed.contains("said-en") && billed.isSubset(of: ["said-en", "said-fr"]), "\(billing)")
        let (_, technical) = try await daemon.request("GET", "/v1/calls?category=technical")
        #expect(((technical["calls"] as? [[String: Any]]) ?? []).isEmpty, "\(technical)")
        let export = try daemon.runCLI(["export", "--config", daemon.configPath, "--category", "billing", "--format", "csv"])
        let rows = export.split(separator: "\r\n")
        #expect(rows.first?.hasSuffix(",categories,scriptAdherence") == true && rows.count == billed.count + 1, "\(export)")
        #expect(rows.dropFirst().allSatisfy { $0.contains("billing") }, "\(export)")
        let none = try daemon.runCLI(["export", "--config", daemon.configPath, "--category", "technical"])
        #expect(none.isEmpty, "\(none)")
        let full = try daemon.runCLI(["export", "--config", daemon.configPath])
        #expect(full.contains("\"phraseReport\"") && full.contains("\"phrases\""), "\(full.prefix(400))")

        // Anonymized statistics: counts per team and day, no agent or call.
        let (statsStatus, stats) = try await daemon.request("GET", "/v1/stats?team=support")
        #expect(statsStatus == 200, "\(stats)")
        let day = try #require((stats["days"] as? [[String: Any]])?.first)
        #expect(day.int("calls") == 2 && day.string("team") == "support")
        #expect((day["categories"] as? [String: Int])?["billing"] == billed.count, "\(day)")
        #expect(((day["irritants"] as? [String: Int]) ?? [:]).values.reduce(0, +) >= 1)
        #expect((day["missedSteps"] as? [String: Int])?["greeting"] == 1, "\(day)")
        #expect(!"\(stats)".contains("a-en") && !"\(stats)".contains("said-en"))
        // The period is in UTC days: a time is taken for its day; a period without calls is empty.
        let today = try #require(day.string("day"))
        let (_, sameDay) = try await daemon.request("GET", "/v1/stats?team=support&from=\(today)T23:59:59Z&to=\(today)")
        #expect((sameDay["days"] as? [[String: Any]])?.count == 1 && sameDay.string("from") == today, "\(sameDay)")
        let (_, past) = try await daemon.request("GET", "/v1/stats?from=2020-01-01&to=2020-01-02")
        #expect((past["days"] as? [[String: Any]])?.isEmpty == true, "\(past)")
        let (badStatus, _) = try await daemon.request("GET", "/v1/stats?from=yesterday")
        #expect(badStatus == 400)

        // Counted for the operator.
        let metrics = try Command.capture(["curl", "-s", "--max-time", "10", "\(daemon.baseURL)/metrics"]).output
        #expect(metrics.contains("ccrd_phrases_reports_total 2"), "\(metrics.split(separator: "\n").filter { $0.contains("phrases") })")
        #expect(!metrics.contains("ccrd_phrases_detected_total{set=\"irritant\"} 0"))

        // The call page in the workspace: the transcript beside the timeline, the irritants
        // marked on the customer's lines, the missed greeting among the script's steps.
        let artifacts = Daemon.packageRoot.appendingPathComponent("test-artifacts/workspace")
        let page = try await BrowserCheck.run(
            "callpage_check.py",
            [
                "--url", "\(daemon.baseURL)/", "--token", daemon.adminToken, "--call-id", "said-en",
                "--screenshot", artifacts.appendingPathComponent("call-transcript.png").path,
            ], outputIn: artifacts)
        #expect(page.status == 0, "\(page.output)\n\(page.errors)")
        let shown = page.json
        #expect((shown["lines"] as? Int ?? 0) >= 4 && shown["legs"] as? [String] == ["agent", "customer"], "\(shown)")
        #expect((shown["marks"] as? [String])?.contains("irritant") == true, "\(shown)")
        #expect((shown["steps"] as? [String: String])?["greeting"] == "missed", "\(shown)")
        #expect(shown["cursorShown"] as? Bool == true, "\(shown)")
        #expect(await daemon.stop() == 0)
    }

    static func steps(_ report: [String: Any]) -> [String: String] {
        Dictionary(
            ((report["steps"] as? [[String: Any]]) ?? []).compactMap { step in step.string("step").map { ($0, step.string("status") ?? "") } },
            uniquingKeysWith: { first, _ in first })
    }

    static func categories(_ report: [String: Any]) -> [String] {
        ((report["categories"] as? [[String: Any]]) ?? []).compactMap { $0.string("category") }
    }
}
