import CCRCore
import CCRStore
import Foundation
import Testing

/// What was said, in the store: phrases heard, each call's report (score with the script's
/// steps, categories, steps, phrase alerts), calls found by category, anonymized statistics
/// that add the calls kept and those already folded into the aggregates, the words of phrases
/// let go with the transcripts.
@Suite("Phrases in the store")
struct PhraseStoreTests {
    static func detection(_ call: String, _ set: PhraseKind, _ phrase: String, at start: Double) -> PhraseDetection {
        PhraseDetection(
            callId: call, agentId: "alice", team: "blue", leg: set == .script ? .agent : .customer, set: set, phrase: phrase,
            text: "je veux resilier", language: "fr", start: start, end: start + 1, confidence: 0.9)
    }

    static func report(_ call: String, categories: [String], greeting: ScriptStepResult.Status) -> CallPhrases {
        var metrics = ConversationMetrics(from: 0, to: 300)
        metrics.talkRatio = 0.5
        let steps = [ScriptStepResult(step: "greeting", status: greeting, at: greeting == .missed ? nil : 2, deadline: "within 15 s", weight: 2)]
        let score = Scorecard.standard.score(
            metrics,
            adding: steps.map { (Scorecard.Criterion(name: "script: \($0.step)", metric: .scriptStep, weight: 2, min: 1, tolerance: 1), $0.value) })
        let alert = Alert(
            id: "customer-irritant-1", callId: call, rule: "customer-irritant", metric: .customerIrritants, severity: .critical,
            condition: "customerIrritants >= 1 within 60 s", value: 1, raisedAt: 30, clearedAt: 90)
        return CallPhrases(
            callId: call, agentId: "alice", team: "blue", mediaSeconds: 300, language: "fr", scriptLanguage: "fr", scriptTeam: nil,
            steps: steps, adherence: greeting == .onTime ? 1 : 0,
            categories: categories.map { CallCategory(category: $0, matches: 1, evidence: [PhraseEvidence(leg: .customer, start: 4, end: 5, keyword: $0)]) },
            irritants: [IrritantMoment(start: 30, end: 31, phrases: ["cancel"], shouting: false)], detections: 2, alerts: [alert], score: score)
    }

    @Test func reportsPhrasesCategoriesAndStatistics() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let now = Date()
        try await store.save([CallFixtures.call(0, base: now), CallFixtures.call(1, base: now)])
        let teams = try #require(try await store.callDetail(id: "call-00000", teams: nil)).call.team ?? ""
        var batch = TranscriptBatch()
        batch.detections = [Self.detection("call-00000", .irritant, "cancel", at: 30), Self.detection("call-00000", .script, "greeting", at: 2)]
        batch.reports = [Self.report("call-00000", categories: ["cancellation", "billing"], greeting: .onTime),
                         Self.report("call-00001", categories: ["billing"], greeting: .missed),
                         Self.report("call-later", categories: [], greeting: .missed)]
        let left = try await store.save(batch)
        // A report of a call not written (or not final) yet is handed back.
        #expect(left.reports.map(\.callId) == ["call-later"] && left.detections.isEmpty)

        let detail = try #require(try await store.callDetail(id: "call-00000", teams: nil))
        #expect(detail.phrases.map(\.phrase) == ["greeting", "cancel"])
        #expect(detail.phraseReport?.categories.map(\.category) == ["cancellation", "billing"])
        // The score is the report's, with the script's step among the criteria.
        #expect(detail.call.score == Self.report("call-00000", categories: [], greeting: .onTime).score?.score)
        #expect(detail.call.scoreDetail?.contains { $0.name == "script: greeting" } == true)
        // The phrase alert is stored once and counted with the call's alerts.
        #expect(detail.alerts.map(\.rule).contains("customer-irritant"))
        let alertsBefore = detail.call.alertCount
        _ = try await store.save(batch)
        #expect(try #require(try await store.callDetail(id: "call-00000", teams: nil)).call.alertCount == alertsBefore)

        // Found by category.
        let billing = try await store.calls(matching: CallFilter(category: "billing"), limit: 10, after: nil)
        #expect(Set(billing.calls.map(\.id)) == ["call-00000", "call-00001"])
        let cancellation = try await store.calls(matching: CallFilter(category: "cancellation"), limit: 10, after: nil)
        #expect(cancellation.calls.map(\.id) == ["call-00000"])
        #expect(try await store.calls(matching: CallFilter(category: "technical"), limit: 10, after: nil).calls.isEmpty)

        // Statistics: counts per team and day, before and after the calls are purged.
        func day(_ statistics: [DailyStatistics]) -> (calls: Int, billing: Int, irritants: Int, missed: Int) {
            (statistics.reduce(0) { $0 + $1.calls }, statistics.reduce(0) { $0 + ($1.categories["billing"] ?? 0) },
             statistics.reduce(0) { $0 + ($1.irritants["cancel"] ?? 0) }, statistics.reduce(0) { $0 + ($1.missedSteps["greeting"] ?? 0) })
        }
        let before = try await store.statistics(fromDay: nil, toDay: nil, team: nil, teams: nil)
        #expect(day(before) == (2, 2, 1, 1))
        #expect(try await store.statistics(fromDay: nil, toDay: nil, team: "nobody", teams: nil).isEmpty)
        _ = try await store.purge(policy: RetentionPolicy(callDays: 1), now: now.addingTimeInterval(3 * 86400))
        #expect(try await store.callDetail(id: "call-00000", teams: nil) == nil)
        let after = try await store.statistics(fromDay: nil, toDay: nil, team: nil, teams: nil)
        #expect(day(after) == (2, 2, 1, 1))
        // A supervisor's scope narrows them.
        #expect(try await store.statistics(fromDay: nil, toDay: nil, team: nil, teams: [teams]).allSatisfy { $0.team == teams })
    }

    @Test func theWordsOfPhrasesGoWithTheTranscripts() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let now = Date()
        try await store.save([CallFixtures.call(0, base: now)])
        var batch = TranscriptBatch()
        batch.detections = [Self.detection("call-00000", .irritant, "cancel", at: 30)]
        _ = try await store.save(batch)
        _ = try await store.purge(policy: RetentionPolicy(callDays: 90, transcriptDays: 1), now: now.addingTimeInterval(2 * 86400))
        let detail = try #require(try await store.callDetail(id: "call-00000", teams: nil))
        #expect(detail.phrases.count == 1 && detail.phrases[0].text == nil)
    }
}
