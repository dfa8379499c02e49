import CCRCore
import CCRStore
import Foundation
import Testing

@Suite("Export: round trip of every record shape")
struct ExportTests {
    /// Every page of an export, as the API streams it.
    static func export(_ store: Store, _ filter: CallFilter, format: ExportFormat, pageSize: Int) async throws -> String {
        var text = format.header ?? ""
        var cursor: CallCursor?
        repeat {
            let page = try await store.exportPage(matching: filter, after: cursor, limit: pageSize)
            for call in page.calls { text += try format.encode(call) }
            cursor = page.next
        } while cursor != nil
        return text
    }

    @Test func ndjsonReadsBackAsTheStoredCalls() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.save((0..<250).map { CallFixtures.call($0, base: base, caller: $0 % 2 == 0 ? "+4930123456" : nil) })
        _ = try await store.review(callId: "call-00007", score: 66.5, comment: "said \"sorry\", then, fine\nok", reviewer: "token:r", teams: nil)

        let text = try await Self.export(store, CallFilter(), format: .ndjson, pageSize: 64)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 251 && lines.last == "")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let text = try decoder.singleValueContainer().decode(String.self)
            return try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        let records = try lines.dropLast().map { try decoder.decode(CallDetail.self, from: Data($0.utf8)) }
        #expect(records.map(\.call.id) == (0..<250).reversed().map { String(format: "call-%05d", $0) })
        for record in records {
            let stored = try #require(try await store.callDetail(id: record.call.id))
            // Same content, instants to the millisecond.
            #expect(try ExportFormat.ndjson.encode(record) == ExportFormat.ndjson.encode(stored))
            #expect(Store.milliseconds(record.call.startedAt) == Store.milliseconds(stored.call.startedAt))
            #expect(record.timeline.count == 3 && record.legs.count == 2)
        }
        #expect(records.first { $0.call.id == "call-00007" }?.reviews.first?.comment == "said \"sorry\", then, fine\nok")

        // A filtered export holds only the filter's calls.
        let bob = try await Self.export(store, CallFilter(agentId: "bob"), format: .ndjson, pageSize: 10)
        #expect(bob.split(separator: "\n").count == (0..<250).filter { $0 % 4 == 1 }.count)
        #expect(!bob.contains(#""agentId":"alice""#))
    }

    @Test func csvHasAHeaderAndOneQuotedRowPerCall() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        try await store.save((0..<30).map { CallFixtures.call($0, base: base) })
        _ = try await store.review(callId: "call-00003", score: 12, comment: nil, reviewer: "token:a,b", teams: nil)
        let text = try await Self.export(store, CallFilter(), format: .csv, pageSize: 7)
        let rows = text.components(separatedBy: "\r\n").dropLast()
        #expect(rows.count == 31)
        #expect(rows.first?.hasPrefix("callId,agentId,team,callerNumber,state") == true)
        let header = rows.first!.split(separator: ",")
        let row = try #require(rows.first { $0.hasPrefix("call-00003,") })
        #expect(row.contains(#""token:a,b""#))
        #expect(row.contains(",12.000,"))
        for row in rows.dropFirst() where !row.contains("\"") {
            #expect(row.split(separator: ",", omittingEmptySubsequences: false).count == header.count)
        }
    }

    @Test func timesKeepTheirMillisecond() throws {
        for milliseconds: Int64 in [1_795_867_200_440, 1_795_867_200_001, 1_795_867_200_999, 0, -1500] {
            let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            let text = ExportFormat.date(date)
            let parsed = try Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            #expect(Store.milliseconds(parsed) == milliseconds, "\(text)")
        }
        #expect(ExportFormat.date(Date(timeIntervalSince1970: 1_795_867_200.44)) == "2026-11-28T12:00:00.440Z")
    }

    @Test func csvFieldsCannotRunAsFormulas() throws {
        let record = CallFixtures.call(1, base: Date(timeIntervalSince1970: 0))
        var detail = CallDetail(call: record.call, legs: [], timeline: [], alerts: [], reviews: [])
        detail.call.team = "=HYPERLINK(\"x\")"
        let row = try ExportFormat.csv.encode(detail)
        #expect(row.contains(#""'=HYPERLINK(""x"")""#))
    }
}
