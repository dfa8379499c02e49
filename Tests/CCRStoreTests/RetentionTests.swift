import CCRCore
import CCRStore
import Foundation
import Testing

@Suite("Retention: exact cut-offs, aggregates that survive")
struct RetentionTests {
    /// 2026-11-28 12:00:00 UTC, the injected "now".
    static let now = Date(timeIntervalSince1970: 1_795_867_200)
    static let day = 86_400.0

    /// A call started `age` seconds before `now`.
    static func call(_ index: Int, age: Double, team: String? = "blue", score: Double = 50) -> CallCheckpoint {
        var checkpoint = CallFixtures.call(index, base: now)
        let startedAt = now.addingTimeInterval(-age)
        checkpoint.call.startedAt = startedAt
        checkpoint.call.team = team
        checkpoint.call.score = score
        checkpoint.alerts = checkpoint.alerts.map { alert in
            var alert = alert
            alert.at = startedAt.addingTimeInterval(12)
            return alert
        }
        return checkpoint
    }

    @Test func purgesExactlyAtTheDayBoundaryAndKeepsAggregates() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let policy = RetentionPolicy(callDays: 30, alertDays: 10, reviewDays: 60, journalDays: 5)
        let cutoff = 30 * Self.day
        try await store.save([
            Self.call(1, age: cutoff),  // exactly 30 days old: kept
            Self.call(2, age: cutoff + 0.001, score: 40),  // a millisecond older: purged
            Self.call(3, age: cutoff + Self.day, team: nil, score: 70),  // purged, no team
            Self.call(4, age: 40 * Self.day, score: 60),  // purged
            Self.call(7, age: 5 * Self.day),  // recent, with an alert (7 % 7 == 0) raised 5 days ago: kept
            Self.call(14, age: 20 * Self.day),  // kept, its alert (20 days old) is past alert retention
        ])
        var live = Self.call(5, age: 50 * Self.day)
        live.call.state = .live
        try await store.save([live])  // a live call is never purged, however old
        // Reviews: one 61 days old, one 59.
        for (index, age) in [(1, 61.0), (7, 59.0)] {
            _ = try await store.review(
                callId: String(format: "call-%05d", index), score: 90, comment: nil, reviewer: "token:t", teams: nil,
                now: Self.now.addingTimeInterval(-age * Self.day))
        }
        // Journal: entries 7, 6, 5 (exactly), 4 days old.
        for age in [7.0, 6.0, 5.0, 4.0] {
            try store.journalNow(
                JournalRecord(actor: "cli:test", action: "test", source: "cli", detail: "age=\(age)"),
                now: Self.now.addingTimeInterval(-age * Self.day))
        }

        let dry = try store.purgeNow(policy: policy, now: Self.now, dryRun: true)
        #expect(dry.dryRun && dry.calls == 3 && dry.windows == 9 && dry.alerts == 1 && dry.reviews == 1 && dry.journalEntries == 2)
        #expect(try store.aggregates().isEmpty, "a dry run changes nothing")
        #expect(try await store.calls(matching: CallFilter(), limit: 100, after: nil).calls.count == 7)

        let report = try store.purgeNow(policy: policy, now: Self.now)
        #expect(report.calls == 3 && report.alerts == 1 && report.reviews == 1 && report.journalEntries == 2)
        #expect(report.callsBefore == Self.now.addingTimeInterval(-cutoff))
        let left = try await store.calls(matching: CallFilter(), limit: 100, after: nil).calls.map(\.id).sorted()
        #expect(left == ["call-00001", "call-00005", "call-00007", "call-00014"])
        #expect(try await store.callDetail(id: "call-00014")?.alerts.isEmpty == true)
        #expect(try await store.callDetail(id: "call-00007")?.alerts.count == 1)
        #expect(try await store.callDetail(id: "call-00001")?.reviews.isEmpty == true)
        #expect(try await store.callDetail(id: "call-00007")?.reviews.count == 1)

        // Purged calls live on, anonymized, per (day, team).
        let aggregates = try store.aggregates()
        #expect(aggregates.reduce(0) { $0 + $1.calls } == 3)
        let blue = aggregates.filter { $0.team == "blue" }
        #expect(blue.reduce(0) { $0 + $1.calls } == 2)
        #expect(blue.reduce(0.0) { $0 + $1.scoreSum } == 100)
        #expect(aggregates.filter { $0.team == "" }.map(\.meanScore) == [70])
        #expect(blue.reduce(0) { $0 + $1.alerts } == 0)
        #expect(aggregates.map(\.day).allSatisfy { $0.count == 10 })

        // The journal still verifies: what is left chains to the anchor.
        let verification = try store.verifyJournal()
        #expect(verification.isIntact, "\(verification.breaks)")
        #expect(verification.entries == 2 && verification.firstSeq == 3)

        // A later purge adds to the aggregates instead of replacing them.
        let later = Self.now.addingTimeInterval(30 * Self.day)
        let second = try await store.purge(policy: policy, now: later)
        #expect(second.calls == 3)  // 1, 7 and 14; the live one stays
        #expect(try store.aggregates().reduce(0) { $0 + $1.calls } == 6)
        #expect(try store.verifyJournal().isIntact)
    }

    @Test func zeroDaysKeepsForever() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        try await store.save([Self.call(1, age: 3650 * Self.day)])
        let report = try await store.purge(policy: RetentionPolicy(callDays: 0, alertDays: 0, reviewDays: 0, journalDays: 0), now: Self.now)
        #expect(report.isEmpty && report.callsBefore == nil)
        #expect(try await store.callDetail(id: "call-00001") != nil)
    }
}
