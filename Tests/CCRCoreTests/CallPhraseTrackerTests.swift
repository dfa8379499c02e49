import Testing

@testable import CCRCore

/// One call's transcript listened to for the phrase book: detections, alerts on what was said,
/// deadlines judged on the transcription's progress, and the report at the end.
@Suite("Call phrase tracker")
struct CallPhraseTrackerTests {
    static func tracker(team: String? = "billing") -> CallPhraseTracker {
        CallPhraseTracker(callId: "c1", agentId: "a1", team: team, book: .standard, rules: AlertRule.standard)
    }

    static func segment(_ leg: Leg, _ start: Double, _ end: Double, _ text: String, language: String = "en") -> TranscriptSegment {
        TranscriptSegment(callId: "c1", agentId: "a1", team: "billing", leg: leg, start: start, end: end, text: text, language: language, confidence: 0.9)
    }

    static func raised(_ events: [CallEvent]) -> [Alert] {
        events.compactMap { if case .alertRaised(let alert) = $0 { alert } else { nil } }
    }

    static func detections(_ events: [CallEvent]) -> [PhraseDetection] {
        events.compactMap { if case .phraseDetected(let detection) = $0 { detection } else { nil } }
    }

    static func report(_ events: [CallEvent]) -> CallPhrases? {
        events.compactMap { if case .callPhrases(let report) = $0 { report } else { nil } }.first
    }

    static func summary(seconds: Double, shouting: [AgitationEpisode] = []) -> CallSummary {
        var metrics = ConversationMetrics(from: 0, to: seconds)
        metrics.talkRatio = 0.5
        return CallSummary(
            callId: "c1", mediaSeconds: seconds, metrics: metrics, finalScore: Scorecard.standard.score(metrics), turns: 4,
            interruptions: [], deadAirSpans: [], overtalkSpans: [], responseLatencies: [], alerts: [], legs: [], note: nil,
            agitationEpisodes: shouting)
    }

    @Test func anIrritantRaisesACriticalAlertAtOnceAndASecondOneAnother() throws {
        var tracker = Self.tracker()
        let first = tracker.hear(Self.segment(.customer, 5, 8, "This is unacceptable."))
        let detection = try #require(Self.detections(first).first)
        #expect(detection.set == .irritant && detection.phrase == "unacceptable" && detection.leg == .customer)
        #expect(detection.start >= 5 && detection.end <= 8 && detection.confidence > 0.8)
        #expect(Self.raised(first).map(\.rule) == ["customer-irritant"])
        #expect(Self.raised(first).first?.severity == .critical)
        let second = tracker.hear(Self.segment(.customer, 20, 23, "I want to speak to a manager"))
        #expect(Self.raised(second).map(\.rule) == ["customer-irritants-again"])
        // The same words from the agent are no irritant.
        #expect(Self.detections(tracker.hear(Self.segment(.agent, 30, 32, "this is unacceptable"))).allSatisfy { $0.set != .irritant })
        // Past the minute, the alerts clear.
        let cleared = tracker.advance(to: 90)
        #expect(cleared.count == 2)
    }

    @Test func theGreetingIsMissedOnlyOnceTheTranscriptionHasPassedItsDeadline() {
        var tracker = Self.tracker()
        _ = tracker.hear(Self.segment(.agent, 2, 5, "One moment please"))
        #expect(Self.raised(tracker.progress(TranscriptProgress(callId: "c1", leg: .agent, through: 5.5, finished: false))).isEmpty)
        let late = tracker.progress(TranscriptProgress(callId: "c1", leg: .agent, through: 16, finished: false))
        let alert = Self.raised(late).first
        #expect(alert?.rule == "missed-greeting" && alert?.raisedAt == 15 && alert?.severity == .warning)
        // Said late: the alert clears, the step is late.
        let said = tracker.hear(Self.segment(.agent, 20, 22, "Oh, hello, sorry"))
        #expect(said.contains { if case .alertCleared(let cleared) = $0 { cleared.rule == "missed-greeting" } else { false } })
        let report = Self.report(tracker.finish(summary: Self.summary(seconds: 100), scorecard: .standard))
        #expect(report?.steps.first { $0.step == "greeting" }?.status == .late)
    }

    @Test func untranscribedSpeechBeforeTheDeadlineClaimsNothing() {
        var tracker = Self.tracker()
        tracker.gap(TranscriptGap(callId: "c1", leg: .agent, start: 1, end: 4, reason: .backlog))
        #expect(Self.raised(tracker.progress(TranscriptProgress(callId: "c1", leg: .agent, through: 30, finished: false))).isEmpty)
        let report = Self.report(tracker.finish(summary: Self.summary(seconds: 60), scorecard: .standard))
        #expect(report?.steps.first { $0.step == "greeting" }?.status == .notHeard)
        // Not heard is left out of the score.
        #expect(report?.score?.criteria.first { $0.name == "script: greeting" }?.value == nil)
    }

    @Test func theReportHoldsAdherenceCategoriesMomentsAndTheScore() throws {
        var tracker = Self.tracker()
        var events: [CallEvent] = []
        events += tracker.hear(Self.segment(.agent, 0.5, 4, "Good morning, my name is Paul, how can I help you?"))
        events += tracker.hear(Self.segment(.customer, 5, 9, "My invoice is wrong, this is ridiculous"))
        events += tracker.hear(Self.segment(.agent, 10, 14, "I can offer you a refund"))
        events += tracker.hear(Self.segment(.agent, 95, 98, "Anything else? Have a nice day, goodbye."))
        let shouting = AgitationEpisode(callId: "c1", leg: .customer, start: 9, end: 12, levelOverBaseline: 9, pitchRiseHz: 30)
        let lateShouting = AgitationEpisode(callId: "c1", leg: .customer, start: 50, end: 53, levelOverBaseline: 9, pitchRiseHz: 30)
        let end = tracker.finish(summary: Self.summary(seconds: 100, shouting: [shouting, lateShouting]), scorecard: .standard)
        let report = try #require(Self.report(end))
        #expect(report.steps.map(\.status) == [.onTime, .onTime, .onTime, .onTime, .onTime])
        #expect(report.adherence == 1)
        #expect(report.scriptLanguage == "en" && report.language == "en")
        #expect(report.categories.map(\.category) == ["billing"])
        #expect(report.categories.first?.evidence.first?.keyword == "invoice")
        // The irritant phrase and the shouting 0 s apart are one moment; the later shouting another.
        #expect(report.irritants.count == 2)
        #expect(report.irritants.first?.phrases == ["unacceptable"] && report.irritants.first?.shouting == true)
        #expect(report.irritants.last?.phrases == [] && report.irritants.last?.shouting == true)
        // The score weighs the steps in beside the acoustic criteria.
        let score = try #require(report.score)
        #expect(score.criteria.map(\.name).filter { $0.hasPrefix("script: ") }.count == 5)
        #expect(score.criteria.first { $0.name == "script: greeting" }?.pointsLost == 0)
        // The irritant alert was open and is cleared at the end.
        #expect(end.contains { if case .alertCleared(let alert) = $0 { alert.rule == "customer-irritant" } else { false } })
        #expect(report.alerts.map(\.rule) == ["customer-irritant"])
        #expect(events.contains { if case .phraseDetected(let d) = $0 { d.set == .script && d.phrase == "greeting" } else { false } })
    }

    /// Transcripts come late and out of order: an alert is raised on when its cause was said, and
    /// cleared only on time that moves forward.
    @Test func lateAndOutOfOrderTranscriptsJudgeRight() throws {
        var tracker = Self.tracker()
        _ = tracker.hear(Self.segment(.agent, 1, 2, "One moment"))
        let irritant = tracker.hear(Self.segment(.customer, 17, 18, "This is unacceptable"))
        #expect(Self.raised(irritant).map(\.rule) == ["customer-irritant"])
        // The greeting's deadline is judged after: the irritant alert stays open.
        let missed = tracker.progress(TranscriptProgress(callId: "c1", leg: .agent, through: 20, finished: false))
        #expect(Self.raised(missed).map(\.rule) == ["missed-greeting"] && Self.raised(missed).first?.raisedAt == 15)
        #expect(!missed.contains { if case .alertCleared = $0 { true } else { false } })
        // Needs heard before identification although its segment came first.
        _ = tracker.hear(Self.segment(.agent, 40, 42, "How can I help you?"))
        _ = tracker.hear(Self.segment(.agent, 30, 32, "My name is Paul"))
        let report = try #require(Self.report(tracker.finish(summary: Self.summary(seconds: 120), scorecard: .standard)))
        let status = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.step, $0.status) })
        #expect(status["identification"] == .onTime && status["needs"] == .onTime, "\(status)")
    }

    @Test func withNothingOfTheAgentHeardNoStepIsCalledMissed() throws {
        var tracker = Self.tracker()
        _ = tracker.hear(Self.segment(.customer, 1, 3, "Hello?"))
        let report = try #require(Self.report(tracker.finish(summary: Self.summary(seconds: 30), scorecard: .standard)))
        #expect(report.steps.allSatisfy { $0.status == .notHeard })
        #expect(report.score?.score == Self.summary(seconds: 30).finalScore.score)
        // Given up waiting for the transcription: the same.
        var waited = Self.tracker()
        _ = waited.hear(Self.segment(.agent, 1, 3, "Good morning"))
        let partial = try #require(Self.report(waited.finish(summary: Self.summary(seconds: 30), scorecard: .standard, complete: false)))
        #expect(partial.steps.first?.status == .onTime && partial.steps.dropFirst().allSatisfy { $0.status == .notHeard })
    }

    @Test func theScriptIsTheAgentsLanguageEvenWhenTheCustomerSpeaksFirst() throws {
        var tracker = Self.tracker()
        _ = tracker.hear(Self.segment(.customer, 0.5, 2, "Hello, is this the billing service?", language: "en"))
        _ = tracker.hear(Self.segment(.agent, 3, 5, "Bonjour, je m'appelle Paul", language: "fr"))
        let report = try #require(Self.report(tracker.finish(summary: Self.summary(seconds: 60), scorecard: .standard)))
        #expect(report.scriptLanguage == "fr" && report.language == "fr")
        #expect(report.steps.first { $0.step == "greeting" }?.status == .onTime)
    }

    @Test func stepsSaidOutOfOrderOrTooEarlyAreCountedHalf() throws {
        var tracker = Self.tracker()
        _ = tracker.hear(Self.segment(.agent, 1, 3, "Bonjour, que puis-je faire pour vous ?", language: "fr"))
        _ = tracker.hear(Self.segment(.agent, 5, 7, "Je m'appelle Paul", language: "fr"))
        _ = tracker.hear(Self.segment(.agent, 10, 12, "Au revoir", language: "fr"))
        let report = try #require(Self.report(tracker.finish(summary: Self.summary(seconds: 200), scorecard: .standard)))
        let status = Dictionary(uniqueKeysWithValues: report.steps.map { ($0.step, $0.status) })
        #expect(status["greeting"] == .onTime)
        #expect(status["identification"] == .outOfOrder)
        #expect(status["solution"] == .missed)
        // "In the last 60 s": said at 10 s of 200.
        #expect(status["closing"] == .late)
        #expect(report.scriptLanguage == "fr")
        let score = try #require(report.score)
        let lost = { (name: String) in score.criteria.first { $0.name == "script: \(name)" }?.pointsLost ?? -1 }
        #expect(lost("solution") > lost("identification") && lost("identification") > 0)
    }
}
