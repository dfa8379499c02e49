import CCRCore
import CCRStore
import Foundation
import Testing

@Suite("Erasure: nothing of the person left in the database files")
struct ErasureTests {
    static let agent = "zq-agent-erase-7781"
    static let caller = "+4915799887766"

    /// Whether `needle` occurs in the database file or its -wal and -shm companions.
    static func filesContain(_ needle: String, at path: String) throws -> [String] {
        var found: [String] = []
        for suffix in ["", "-wal", "-shm"] {
            guard let data = FileManager.default.contents(atPath: path + suffix) else { continue }
            if data.range(of: Data(needle.utf8)) != nil { found.append(path + suffix) }
        }
        return found
    }

    /// Calls of several agents, some with the erased agent or caller, with windows, alerts and reviews.
    static func fill(_ store: Store) async throws {
        let base = Date(timeIntervalSince1970: 1_790_000_000)
        var calls: [CallCheckpoint] = []
        for index in 0..<300 {
            var call = CallFixtures.call(index, base: base, windows: 5, caller: index % 5 == 0 ? caller : "+3311122233\(index % 10)")
            if index % 3 == 0 {
                call.call.agentId = agent
                call.alerts = call.alerts.map { alert in
                    var alert = alert
                    alert.agentId = agent
                    return alert
                }
            }
            calls.append(call)
        }
        try await store.save(calls)
        for index in [0, 3, 5, 6, 7] {
            _ = try await store.review(
                callId: String(format: "call-%05d", index), score: 50, comment: "spoke with \(agent)", reviewer: "token:r",
                teams: nil)
        }
    }

    @Test func erasingAnAgentRemovesEveryTrace() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        try await Self.fill(store)
        try store.checkpointWAL()
        #expect(try Self.filesContain(Self.agent, at: scratch.databasePath) == [scratch.databasePath], "the test needs the id on disk first")

        let report = try await store.erase(.agent(Self.agent))
        #expect(report.calls == 100 && report.windows == 500 && report.legs == 200)
        #expect(report.alerts == (0..<300).filter { $0 % 3 == 0 && $0 % 7 == 0 }.count)
        #expect(report.reviews == 3)  // calls 0, 3 and 6
        #expect(report.redactedComments == 2)  // reviews of calls 5 and 7 named the agent
        #expect(try await store.callDetail(id: "call-00005")?.reviews.first?.comment == "spoke with [erased]")
        #expect(try Self.filesContain(Self.agent, at: scratch.databasePath).isEmpty)
        // Everyone else is still there, and the statistics kept their count.
        #expect(try await store.calls(matching: CallFilter(), limit: 1000, after: nil).calls.count == 200)
        #expect(try store.aggregates().reduce(0) { $0 + $1.calls } == 100)
        #expect(try await store.callDetail(id: "call-00001")?.timeline.count == 5)
        #expect(try await store.erase(.agent(Self.agent)).calls == 0)
    }

    @Test func erasingACallerRemovesEveryTrace() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        try await Self.fill(store)
        // Written after the calls, so a copy sits in the WAL too.
        _ = try await store.review(callId: "call-00010", score: 1, comment: nil, reviewer: "token:r", teams: nil)
        #expect(!(try Self.filesContain(Self.caller, at: scratch.databasePath).isEmpty))

        let report = try await store.erase(.caller(Self.caller))
        #expect(report.calls == 60)
        #expect(report.reviews == 3)  // calls 0, 5, 10
        #expect(try Self.filesContain(Self.caller, at: scratch.databasePath).isEmpty)
        #expect(try await store.calls(matching: CallFilter(), limit: 1000, after: nil).calls.count == 240)
    }

    @Test func liveCallsAreLeftAndCounted() async throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        var live = CallFixtures.call(1, base: Date(), caller: Self.caller)
        live.call.state = .live
        try await store.save([live])
        let report = try await store.erase(.caller(Self.caller))
        #expect(report.calls == 0 && report.liveCalls == 1)
        #expect(try await store.callDetail(id: live.call.id) != nil)
    }
}
