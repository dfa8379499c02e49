import CCRCore
import CCRMedia
import Foundation
import GRDB
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import CCRServer
@testable import CCRStore

/// The recorder between analysis and the database: batches, `call.ended` after the commit, a
/// refused call that does not take the others with it, a full disk that loses nothing.
@Suite("Store writer")
struct CallStoreWriterTests {
    /// `seconds` of silence on both legs through a real analysis: its events and final state.
    static func analysedCall(_ id: String, seconds: Int = 12) -> (events: [CallEvent], snapshot: CallSnapshot) {
        var analysis = CallAnalysis(info: CallInfo(callId: id, agentId: "agent-r", team: "blue", legs: [.agent, .customer]))
        var events: [CallEvent] = []
        for index in 0..<(seconds * 50) {
            for leg in [Leg.agent, .customer] {
                analysis.consume(Frame(leg: leg, start: Int64(index) * 320, samples: [Float](repeating: 0, count: 320))) { events.append($0) }
            }
        }
        analysis.finish { events.append($0) }
        let started = Date().addingTimeInterval(-Double(seconds))
        let snapshot = CallSnapshot(
            callId: id, agentId: "agent-r", team: "blue", callerNumber: "+331234", state: .ended, endReason: .api,
            startedAt: started, endedAt: Date(), durationSeconds: Double(seconds), isStatic: false,
            legs: .init(agent: LegStatistics(codec: .opus), customer: LegStatistics(codec: .pcmu)), analysis: analysis.snapshot)
        return (events, snapshot)
    }

    /// A recorder on a file store, running until the test ends; `committed` collects the ids of
    /// the ended calls it says are committed.
    struct Harness {
        let scratch: URL
        let store: Store
        let recorder: CallStoreWriter
        let published: NIOLockedValueBox<[String]>
        /// For each call said to be committed: whether its ended row was already in the database.
        let committedFirst: NIOLockedValueBox<[Bool]>
        /// How long each committed transaction took.
        let commits: NIOLockedValueBox<[Duration]>
        let task: Task<Void, any Error>

        init(interval: Duration = .milliseconds(200)) throws {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-recorder-\(UUID().uuidString)")
            let store = try Store.open(path: scratch.appendingPathComponent("ccrd.sqlite").path)
            let published = NIOLockedValueBox<[String]>([])
            let committedFirst = NIOLockedValueBox<[Bool]>([])
            let commits = NIOLockedValueBox<[Duration]>([])
            let recorder = CallStoreWriter(
                store: store, checkpointInterval: interval, logger: Logger(label: "test"),
                committed: { callId in
                    let row = try? store.read("check") { db in try StoredCall.fetchOne(db, key: callId) }
                    committedFirst.withLockedValue { $0.append(row?.state == .ended) }
                    published.withLockedValue { $0.append(callId) }
                }, timed: { duration in commits.withLockedValue { $0.append(duration) } })
            self.store = store
            self.recorder = recorder
            self.published = published
            self.committedFirst = committedFirst
            self.commits = commits
            task = Task { try await recorder.run() }
        }

        func feed(_ call: (events: [CallEvent], snapshot: CallSnapshot), end: Bool = true) {
            var live = call.snapshot
            live.state = .live
            recorder.receive(.callOpened(live.record))
            for event in call.events { recorder.receive(event) }
            if end { recorder.receive(.callClosed(call.snapshot.record)) }
        }

        func endedIds() -> Set<String> {
            Set(published.withLockedValue { $0 })
        }

        func waitFor(_ condition: () -> Bool) async -> Bool {
            for _ in 0..<200 where !condition() { try? await Task.sleep(for: .milliseconds(25)) }
            return condition()
        }

        func stop() {
            task.cancel()
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    /// A write held up by another process's lock shows in `writingFor` (what the health loop
    /// calls a stuck writer past 30 s) and its commit is timed once it goes through.
    @Test func aWriteUnderWayIsVisibleAndItsCommitTimed() async throws {
        let harness = try Harness(interval: .seconds(60))
        defer { harness.stop() }
        #expect(harness.recorder.writingFor == nil)
        let blocker = try DatabaseQueue(path: harness.store.path)
        let released = NIOLockedValueBox(false)
        let holder = Task.detached {
            try blocker.inTransaction(.exclusive) { _ in
                while !released.withLockedValue({ $0 }) { Thread.sleep(forTimeInterval: 0.01) }
                return .commit
            }
        }
        try await Task.sleep(for: .milliseconds(200))
        harness.feed(Self.analysedCall("held"))
        #expect(await harness.waitFor { (harness.recorder.writingFor ?? .zero) >= .milliseconds(500) })
        #expect(harness.endedIds().isEmpty)
        released.withLockedValue { $0 = true }
        try await holder.value
        #expect(await harness.waitFor { harness.endedIds() == ["held"] })
        #expect(harness.recorder.writingFor == nil)
        let timed = harness.commits.withLockedValue { $0 }
        #expect(timed.contains { $0 >= .milliseconds(500) }, "\(timed)")
    }

    @Test func writesEndedCallsAndPublishesCallEndedOnlyAfterTheCommit() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        let calls = (0..<50).map { Self.analysedCall("rec-\($0)") }
        for call in calls { harness.feed(call) }
        #expect(await harness.waitFor { harness.endedIds().count == 50 })
        #expect(harness.committedFirst.withLockedValue { $0 }.allSatisfy { $0 })
        // Everything else went live at once, call.ended excepted.
        let windows = calls[0].events.filter { if case .windowScored = $0 { true } else { false } }.count
        #expect(windows == 2)
        let detail = try #require(try await harness.store.callDetail(id: "rec-7"))
        #expect(detail.timeline.count == windows)
        #expect(detail.call.endReason == "api" && detail.call.callerNumber == "+331234")
        #expect(detail.call.codecs == "agent:opus customer:pcmu")
        #expect(detail.legs.count == 2)
        #expect(detail.call.score != nil && detail.call.summary != nil)
        #expect(detail.alerts.count == calls[7].snapshot.analysis?.summary?.alerts.count)
    }

    @Test func liveCallsAreCheckpointedAndKeepTheirWholeTimeline() async throws {
        let harness = try Harness(interval: .milliseconds(100))
        defer { harness.stop() }
        let call = Self.analysedCall("rec-live", seconds: 31)
        let windows = call.events.filter { if case .windowScored = $0 { true } else { false } }
        var live = call.snapshot
        live.state = .live
        harness.recorder.receive(.callOpened(live.record))
        // Half the windows, then a checkpoint.
        for event in call.events.prefix(while: { if case .windowScored(let w) = $0 { w.window.to <= 15 } else { true } }) {
            harness.recorder.receive(event)
        }
        #expect(await harness.waitFor {
            (try? harness.store.read("t") { db in try TimelineWindow.filter(Column("callId") == "rec-live").fetchCount(db) }) == 3
        })
        #expect(try await harness.store.callDetail(id: "rec-live")?.call.state == .live)
        for event in call.events.drop(while: { if case .windowScored(let w) = $0 { w.window.to <= 15 } else { true } }) {
            harness.recorder.receive(event)
        }
        harness.recorder.receive(.callClosed(call.snapshot.record))
        #expect(await harness.waitFor { harness.endedIds().contains("rec-live") })
        let detail = try #require(try await harness.store.callDetail(id: "rec-live"))
        #expect(detail.timeline.map(\.number) == Array(0..<windows.count))
        #expect(detail.call.state == .ended)
    }

    @Test func aRefusedCallDoesNotTakeTheOthersWithIt() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        try await harness.store.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER poison BEFORE INSERT ON call WHEN NEW.id = 'rec-poison' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        // All in one batch: the recorder is not running its loop between these calls.
        for id in ["rec-a", "rec-poison", "rec-b"] { harness.feed(Self.analysedCall(id)) }
        #expect(await harness.waitFor { harness.endedIds() == ["rec-a", "rec-b"] })
        #expect(await harness.waitFor { harness.recorder.droppedCalls == 1 })
        #expect(try await harness.store.callDetail(id: "rec-a") != nil)
        #expect(try await harness.store.callDetail(id: "rec-poison") == nil)
    }

    @Test func aFullDiskHoldsCallsBackAndLosesNothing() async throws {
        let harness = try Harness()
        defer { harness.stop() }
        // Every write of a call fails with SQLITE_FULL, as on a full disk. (PRAGMA max_page_count
        // is not enough: rows still fit in the free space of existing pages.)
        let full = NIOLockedValueBox(true)
        let diskFull = DatabaseFunction("ccrd_test_disk_full", argumentCount: 0, pure: false) { _ in
            if full.withLockedValue({ $0 }) { throw DatabaseError(resultCode: .SQLITE_FULL, message: "database or disk is full") }
            return 0
        }
        try await harness.store.writer.writeWithoutTransaction { db in
            db.add(function: diskFull)
            try db.execute(sql: "CREATE TEMP TRIGGER disk_full BEFORE INSERT ON main.call BEGIN SELECT ccrd_test_disk_full(); END")
        }
        for index in 0..<20 { harness.feed(Self.analysedCall("rec-full-\(index)")) }
        // The signal that the writer tried and failed (twice, so a retry failed too).
        #expect(await harness.waitFor { harness.recorder.failedWrites >= 2 })
        // What waits is the backlog `storage.maxUnwrittenCalls` is measured against.
        #expect(await harness.waitFor { harness.recorder.backlog == 20 })
        #expect(harness.endedIds().isEmpty, "call.ended published for calls not stored")
        #expect(try await harness.store.calls(matching: CallFilter(), limit: 100, after: nil).calls.isEmpty)
        // Space again: every call is written, then published.
        full.withLockedValue { $0 = false }
        #expect(await harness.waitFor { harness.endedIds().count == 20 })
        #expect(try await harness.store.calls(matching: CallFilter(), limit: 100, after: nil).calls.count == 20)
        #expect(harness.recorder.droppedCalls == 0)
    }
}
