import CCRCore
import CCRStore
import Foundation
import Testing

@Suite("Stored calls: writing, querying, pagination")
struct CallStoreTests {
    static let base = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21

    /// 1,000 finalized calls in a real file, written in batches as the recorder does.
    static func filledStore(_ scratch: ScratchDirectory) async throws -> Store {
        let store = try Store.open(path: scratch.databasePath)
        let calls = (0..<1000).map { CallFixtures.call($0, base: base) }
        for batch in stride(from: 0, to: calls.count, by: 128) {
            try await store.save(Array(calls[batch..<min(batch + 128, calls.count)]))
        }
        return store
    }

    /// Every page of a query, following cursors.
    static func all(_ store: Store, _ filter: CallFilter, limit: Int) async throws -> [StoredCall] {
        var calls: [StoredCall] = []
        var cursor: CallCursor?
        var pages = 0
        repeat {
            let page = try await store.calls(matching: filter, limit: limit, after: cursor)
            calls += page.calls
            cursor = try page.nextCursor.map { try #require(CallCursor(text: $0)) }
            pages += 1
            #expect(pages <= 2000)
        } while cursor != nil
        return calls
    }

    @Test func everyFilterAndPaginationEdge() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try await Self.filledStore(scratch)
        let expected = (0..<1000).map { CallFixtures.call($0, base: Self.base).call }

        // Newest first, every call once, whatever the page size (1, a divisor, not a divisor, bigger than all).
        let newestFirst = expected.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }.map(\.id)
        for limit in [1, 10, 7, 1000] {
            let ids = try await Self.all(store, CallFilter(), limit: limit).map(\.id)
            #expect(ids == newestFirst, "limit \(limit)")
        }
        // The last full page has no next cursor when nothing follows.
        let exact = try await store.calls(matching: CallFilter(), limit: 1000, after: nil)
        #expect(exact.calls.count == 1000 && exact.nextCursor == nil)
        let oneShort = try await store.calls(matching: CallFilter(), limit: 999, after: nil)
        #expect(oneShort.nextCursor != nil)
        // Limits are clamped.
        #expect(try await store.calls(matching: CallFilter(), limit: 0, after: nil).calls.count == 1)

        func check(_ filter: CallFilter, _ predicate: (StoredCall) -> Bool, _ label: String) async throws {
            let got = try await Self.all(store, filter, limit: 37).map(\.id)
            let want = newestFirst.filter { id in predicate(expected.first { $0.id == id }!) }
            #expect(got == want, "\(label): \(got.count) calls, expected \(want.count)")
            #expect(!want.isEmpty || label.hasPrefix("empty"), "\(label) matches nothing: a useless check")
        }
        try await check(CallFilter(agentId: "bob"), { $0.agentId == "bob" }, "agent")
        try await check(CallFilter(team: "green"), { $0.team == "green" }, "team")
        try await check(CallFilter(teams: ["blue", "green"]), { $0.team != nil }, "scope")
        try await check(CallFilter(teams: []), { _ in false }, "empty scope")
        let from = Self.base.addingTimeInterval(100 * 60)
        let to = Self.base.addingTimeInterval(200 * 60)
        // from is inclusive, to exclusive: calls 100 ... 199.
        try await check(CallFilter(from: from, to: to), { $0.startedAt >= from && $0.startedAt < to }, "period")
        #expect(try await Self.all(store, CallFilter(from: from, to: to), limit: 50).count == 100)
        try await check(CallFilter(minScore: 90), { ($0.score ?? -1) >= 90 }, "minScore")
        try await check(CallFilter(maxScore: 9.5), { ($0.score ?? 101) <= 9.5 }, "maxScore")
        try await check(CallFilter(minScore: 40, maxScore: 40), { $0.score == 40 }, "exact score")
        try await check(CallFilter(alert: .anyAlert), { $0.alertCount > 0 }, "alert any")
        try await check(CallFilter(alert: .noAlert), { $0.alertCount == 0 }, "alert none")
        try await check(CallFilter(alert: .rule("dead air")), { $0.alertCount > 0 }, "alert rule")
        try await check(CallFilter(alert: .rule("no such rule")), { _ in false }, "empty rule")
        try await check(
            CallFilter(agentId: "alice", team: "blue", from: from, minScore: 10, alert: .anyAlert),
            { $0.agentId == "alice" && $0.team == "blue" && $0.startedAt >= from && ($0.score ?? 0) >= 10 && $0.alertCount > 0 },
            "combined")
    }

    @Test func detailKeepsTimelineLegsAlertsAndScope() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try await Self.filledStore(scratch)
        let detail = try #require(try await store.callDetail(id: "call-00007"))
        #expect(detail.timeline.map(\.number) == [0, 1, 2])
        #expect(detail.legs.map(\.leg) == ["agent", "customer"])
        #expect(detail.alerts.map(\.rule) == ["dead air"])
        #expect(detail.call.codecs == "agent:opus customer:opus")
        // call-00007 is team green (7 % 3 == 1): a blue supervisor does not see it.
        #expect(try await store.callDetail(id: "call-00007", teams: ["blue"]) == nil)
        #expect(try await store.callDetail(id: "call-00007", teams: ["green"]) != nil)
        #expect(try await store.callDetail(id: "nope") == nil)
    }

    @Test func cursorsThatAreNotOursAreRefused() {
        #expect(CallCursor(text: "garbage!") == nil)
        #expect(CallCursor(text: "") == nil)
        let cursor = CallCursor(startedAt: 1_790_000_000_000, id: "a.b_c-d")
        #expect(CallCursor(text: cursor.text) == cursor)
    }

    @Test func windowsReadBackFieldForField() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        var call = CallFixtures.call(3, base: Self.base, windows: 2)
        // Every field different, so a column read in the wrong place shows.
        call.windows[0].fromSeconds = 1.5
        call.windows[0].toSeconds = 31.5
        call.windows[0].score = 71.25
        call.windows[0].cumulativeScore = 68.75
        call.windows[0].talkRatio = 0.625
        call.windows[0].deadAirSeconds = 4.5
        call.windows[0].overtalkRatio = 0.0625
        call.windows[0].agentInterruptions = 3
        call.windows[0].customerAgitation = 0.375
        call.windows[0].mos = 4.125
        call.windows[0].lossPercent = 1.75
        call.windows[0].jitterMs = 12.5
        call.windows[1].talkRatio = nil
        call.windows[1].mos = nil
        try await store.save([call])
        let detail = try #require(try await store.callDetail(id: call.call.id))
        #expect(detail.timeline == call.windows)
    }

    @Test func checkpointsThenFinalizeKeepTheWholeTimeline() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        var live = CallFixtures.call(1, base: Self.base, windows: 4)
        let allWindows = live.windows
        live.call.state = .live
        live.call.endReason = nil
        live.windows = Array(allWindows[0..<2])
        live.legs = []
        try await store.save([live])
        var final = CallFixtures.call(1, base: Self.base, windows: 4)
        final.windows = Array(allWindows[2...])
        try await store.save([final])
        let detail = try #require(try await store.callDetail(id: live.call.id))
        #expect(detail.timeline.map(\.number) == [0, 1, 2, 3])
        #expect(detail.call.state == .ended)
        #expect(try store.closeInterruptedCalls().isEmpty)
    }

    @Test func callsLiveAtACrashAreClosedAsInterrupted() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        do {
            let store = try Store.open(path: scratch.databasePath)
            var live = CallFixtures.call(3, base: Self.base, windows: 2)
            live.call.state = .live
            live.call.endReason = nil
            live.call.endedAt = nil
            live.call.checkpointedAt = Self.base.addingTimeInterval(180 + 42)
            try await store.save([live, CallFixtures.call(4, base: Self.base)])
        }
        let reopened = try Store.open(path: scratch.databasePath)
        #expect(try reopened.closeInterruptedCalls() == ["call-00003"])
        let detail = try #require(try await reopened.callDetail(id: "call-00003"))
        #expect(detail.call.state == .ended)
        #expect(detail.call.endReason == "interrupted")
        #expect(detail.call.endedAt == Self.base.addingTimeInterval(180 + 42))
        #expect(detail.call.durationSeconds == 42)
        #expect(detail.timeline.count == 2)
        #expect(try await reopened.callDetail(id: "call-00004")?.call.endReason == "api")
    }

    @Test func reviewsKeepTheAIScoreAndFeedTheAgentSummary() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try await Self.filledStore(scratch)
        // call-00001 is bob's (1 % 4), team green, score 1.
        guard case .recorded(let review) = try await store.review(callId: "call-00001", score: 80, comment: "fine", reviewer: "token:x", teams: nil)
        else { Issue.record("review not recorded"); return }
        #expect(review.aiScore == 1 && review.score == 80 && review.id != nil)
        #expect(try await store.review(callId: "call-00001", score: 70, comment: nil, reviewer: "token:y", teams: ["blue"]) == .noSuchCall)
        #expect(try await store.review(callId: "missing", score: 70, comment: nil, reviewer: "token:y", teams: nil) == .noSuchCall)
        var live = CallFixtures.call(5000, base: Self.base)
        live.call.state = .live
        try await store.save([live])
        #expect(try await store.review(callId: live.call.id, score: 70, comment: nil, reviewer: "token:y", teams: nil) == .callLive)
        _ = try await store.review(callId: "call-00001", score: 90, comment: "second look", reviewer: "token:z", teams: nil)
        #expect(try await store.callDetail(id: "call-00001")?.reviews.map(\.score) == [80, 90])

        // bob's calls are 1, 5, 9, … one a minute from base: the first day holds those before midnight UTC.
        let days = try await store.agentSummary(agentId: "bob", from: nil, to: nil)
        let bobs = (0..<1000).filter { $0 % 4 == 1 }
        #expect(days.reduce(0) { $0 + $1.calls } == bobs.count)
        let first = try #require(days.first)
        #expect(first.reviewedCalls == 1 && first.meanReviewedScore == 90)  // the latest review counts
        let dayOf: (Int) -> String = { index in
            Self.base.addingTimeInterval(Double(index) * 60).formatted(.iso8601.year().month().day())
        }
        let firstDay = bobs.filter { dayOf($0) == first.day }
        #expect(first.calls == firstDay.count)
        let mean = Double(firstDay.map { $0 % 100 }.reduce(0, +)) / Double(firstDay.count)
        #expect(abs((first.meanScore ?? -1) - mean) < 1e-9)
    }
}
