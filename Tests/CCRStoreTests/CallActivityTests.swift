import CCRCore
import Foundation
import GRDB
import Testing

@testable import CCRStore

/// What the call page draws, as the store keeps it: written by hand, read back the same.
@Suite("Call activity")
struct CallActivityTests {
    @Test func theStoredDocumentReadsBackToTheMillisecond() throws {
        let activity = CallActivity(
            agentSpeech: [Span(start: 0.5, length: 2), Span(start: 10.02, length: 3.0004)],
            customerSpeech: [], deadAir: [Span(start: 2.92, length: 7.08)], overtalk: [Span(start: 120, length: 0.25)])
        let text = activity.storedText
        #expect(text == #"{"agentSpeech":[[0.5,2],[10.02,3]],"customerSpeech":[],"deadAir":[[2.92,7.08]],"overtalk":[[120,0.25]]}"#)
        let read = try #require(CallActivity(storedText: text))
        #expect(read.agentSpeech[1].length == 3)
        #expect(read.deadAir == activity.deadAir && read.overtalk == activity.overtalk)
        #expect(CallActivity.milliseconds(.nan) == "0" && CallActivity.milliseconds(-0.25) == "-0.25" && CallActivity.milliseconds(1.0005) == "1.001")
        #expect(CallActivity(storedText: "{") == nil && CallActivity(storedText: #"{"agentSpeech":[]}"#) == nil)
    }

    @Test func aFinishedCallKeepsItsActivityAndErasureTakesIt() async throws {
        let store = try Store.inMemory()
        var checkpoint = CallFixtures.call(1, base: Date(timeIntervalSince1970: 1_790_000_000))
        checkpoint.activity = CallActivity(agentSpeech: [Span(start: 0, length: 3)], deadAir: [Span(start: 3, length: 7)])
        try await store.save([checkpoint])
        let detail = try #require(try await store.callDetail(id: checkpoint.call.id))
        #expect(detail.activity?.deadAir == [Span(start: 3, length: 7)])
        _ = try await store.erase(.agent(checkpoint.call.agentId))
        let left = try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM callActivity") ?? -1 }
        #expect(left == 0)
    }
}
