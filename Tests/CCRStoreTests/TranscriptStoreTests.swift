import CCRCore
import CCRStore
import Foundation
import Testing

/// Transcripts in the store: written as they come (often after the call's row), read with the
/// call and its coverage, kept for their own retention (never past their call's), in the export,
/// erased with the person.
@Suite("Transcripts in the store")
struct TranscriptStoreTests {
    static func segment(_ call: String, _ leg: Leg, _ start: Double, _ text: String) -> TranscriptSegment {
        TranscriptSegment(
            callId: call, agentId: "alice", team: "blue", leg: leg, start: start, end: start + 1.5, text: text,
            words: [TranscriptWord(text: text.components(separatedBy: " ")[0], start: start, end: start + 0.3, probability: 0.9)],
            language: "fr", confidence: 0.8)
    }

    @Test func segmentsAndCoverageAreReadWithTheCall() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let now = Date()
        try await store.save([CallFixtures.call(0, base: now)])
        var batch = TranscriptBatch()
        batch.segments = [Self.segment("call-00000", .customer, 4, "Je veux résilier"), Self.segment("call-00000", .agent, 1, "Bonjour")]
        batch.coverage["call-00000"] = (speech: 10, skipped: 2.5)
        // A call not written yet: handed back, for the writer to try again.
        batch.segments.append(Self.segment("call-later", .agent, 0, "Allô"))
        batch.coverage["call-later"] = (speech: 3, skipped: 0)
        let left = try await store.save(batch)
        #expect(left.segments.map(\.callId) == ["call-later"] && Array(left.coverage.keys) == ["call-later"])

        let detail = try #require(try await store.callDetail(id: "call-00000", teams: nil))
        #expect(detail.transcript.map(\.text) == ["Bonjour", "Je veux résilier"])
        #expect(detail.transcript.first?.wordList == [TranscriptWord(text: "Bonjour", start: 1, end: 1.3, probability: 0.9)])
        #expect(detail.transcription == TranscriptCoverage(callId: "call-00000", speechSeconds: 10, skippedSeconds: 2.5, segments: 2))
        #expect(detail.transcription?.coverage == 0.75)

        // More for the same call adds up; a segment sent twice is kept once.
        var more = TranscriptBatch()
        more.segments = [Self.segment("call-00000", .agent, 1, "Bonjour")]
        more.coverage["call-00000"] = (speech: 2, skipped: 0)
        _ = try await store.save(more)
        let again = try #require(try await store.callDetail(id: "call-00000", teams: nil))
        #expect(again.transcript.count == 2 && again.transcription?.speechSeconds == 12)

        // The export carries them.
        let page = try await store.exportPage(matching: CallFilter(), after: nil)
        let line = try ExportFormat.ndjson.encode(page.calls[0])
        #expect(line.contains("Je veux résilier") && line.contains("\"coverage\":0.79") && line.contains("\"skippedSeconds\":2.5"))

        // Erased with the agent.
        let report = try await store.erase(.agent("alice"))
        #expect(report.transcriptSegments == 2)
        #expect(try await store.callDetail(id: "call-00000", teams: nil) == nil)
    }

    @Test func transcriptsHaveTheirOwnRetention() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let now = Date(timeIntervalSince1970: 1_795_867_200)
        var old = CallFixtures.call(1, base: now)
        old.call.startedAt = now.addingTimeInterval(-40 * 86_400)
        var recent = CallFixtures.call(2, base: now)
        recent.call.startedAt = now.addingTimeInterval(-10 * 86_400)
        try await store.save([old, recent])
        var batch = TranscriptBatch()
        batch.segments = [Self.segment(old.call.id, .agent, 1, "Ancien"), Self.segment(recent.call.id, .agent, 1, "Récent")]
        batch.coverage = [old.call.id: (5, 0), recent.call.id: (5, 0)]
        _ = try await store.save(batch)

        let report = try await store.purge(policy: RetentionPolicy(callDays: 90, transcriptDays: 30), now: now)
        #expect(report.transcriptSegments == 1 && report.calls == 0)
        let kept = try #require(try await store.callDetail(id: old.call.id, teams: nil))
        // The call stays, its transcript is gone, its coverage figures (no words) remain.
        #expect(kept.transcript.isEmpty && kept.transcription?.segments == 1)
        #expect(try await store.callDetail(id: recent.call.id, teams: nil)?.transcript.map(\.text) == ["Récent"])
    }
}
