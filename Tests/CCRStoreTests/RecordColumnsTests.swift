import CCRCore
import Foundation
import GRDB
import Testing

@testable import CCRStore

/// The records the writer binds by position list their columns once (`Columns`); that list must
/// be the table's, or a column would silently never be written (or a write would fail).
@Suite("Record columns")
struct RecordColumnsTests {
    static func tableColumns(_ table: String) throws -> [String] {
        let store = try Store.inMemory()
        return try store.writer.read { db in try db.columns(in: table).map(\.name) }
    }

    @Test func everyPositionalRecordListsItsTablesColumnsInOrder() throws {
        #expect(try Self.tableColumns(StoredCall.databaseTableName) == StoredCall.Columns.allCases.map(\.name))
        #expect(try Self.tableColumns(TimelineWindow.databaseTableName) == TimelineWindow.Columns.allCases.map(\.name))
        #expect(try Self.tableColumns(StoredLeg.databaseTableName) == StoredLeg.Columns.allCases.map(\.name))
        #expect(try Self.tableColumns(StoredAlert.databaseTableName) == StoredAlert.Columns.allCases.map(\.name))
    }

    @Test func statementsAreBuiltFromTheList() {
        #expect(TimelineWindow.insertSQL.hasPrefix("INSERT OR REPLACE INTO callWindow (callId, number, fromSeconds,"))
        #expect(TimelineWindow.insertSQL.hasSuffix("VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))
        #expect(StoredCall.upsertSQL.contains("ON CONFLICT (id) DO UPDATE SET agentId = excluded.agentId,"))
        #expect(!StoredCall.upsertSQL.contains("id = excluded.id,"))
        #expect(Store.listColumns.contains("NULL AS scoreDetail") && Store.listColumns.contains("NULL AS summary"))
    }
}

/// Records bound by position, written with every field different and read back by name: a
/// value bound to the wrong column shows.
@Suite("Records read back field for field")
struct RecordReadBackTests {
    @Test func legsAlertsAndCallsReadBackFieldForField() async throws {
        let store = try Store.inMemory()
        let startedAt = Date(timeIntervalSince1970: 1_790_000_000.25)
        let call = StoredCall(
            id: "rb-1", agentId: "agent-rb", team: "team-rb", callerNumber: "+33100000009", state: .ended, endReason: "bye",
            startedAt: startedAt, endedAt: startedAt.addingTimeInterval(301), durationSeconds: 301.5, mediaSeconds: 299.25,
            codecs: "agent:opus", score: 71.5, scorecardVersion: "standard-1", scoreDetail: nil, summary: nil, alertCount: 1,
            checkpointedAt: startedAt.addingTimeInterval(302))
        let leg = StoredLeg(
            callId: "rb-1", leg: "agent", codec: "opus", packets: 15001, bytes: 1_200_002, lost: 3, duplicates: 4, reordered: 5,
            late: 6, malformed: 7, jitterMs: 2.5, mos: 4.25, decodedSeconds: 300.5, concealedSeconds: 0.0625, speechSeconds: 120.75)
        let alert = StoredAlert(
            Alert(
                id: "dead air#1", callId: "rb-1", rule: "dead air", metric: .deadAir, severity: .warning, condition: "deadAir > 10",
                value: 11.5, raisedAt: 12.25, clearedAt: 20.75),
            agentId: "agent-rb", team: "team-rb", callerNumber: "+33100000009", callStartedAt: startedAt)
        try await store.save([CallCheckpoint(call: call, windows: [], alerts: [alert], legs: [leg])])
        let detail = try #require(try await store.callDetail(id: "rb-1"))
        #expect(detail.call == call)
        #expect(detail.legs == [leg])
        #expect(detail.alerts == [alert])
    }
}
