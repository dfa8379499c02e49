import CCRCore
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import NIOConcurrencyHelpers
import Testing
import WSClient

@testable import CCRServer

/// The application as `buildApplication` wires it, with one part replaced by a fake: what the
/// API does when the database fails, when the journal cannot be written, and that a live
/// connection's token is checked once.
@Suite("Application parts replaced by fakes")
struct InjectedPartsTests {
    /// A state database that fails every call, with a cause the client must not see.
    struct FailingArchive: CallArchive {
        static let failure = StoreError.failed(operation: "read calls", reason: "disk on fire at sector 7")
        func callExists(id: String) async throws(StoreError) -> Bool { throw Self.failure }
        func statistics(fromDay: String?, toDay: String?, team: String?, teams: [String]?) async throws(StoreError) -> [DailyStatistics] {
            throw Self.failure
        }
        func calls(matching filter: CallFilter, limit: Int, after cursor: CallCursor?, order: CallOrder) async throws(StoreError) -> CallPage {
            throw Self.failure
        }
        func callDetail(id: String, teams: [String]?) async throws(StoreError) -> CallDetail? { throw Self.failure }
        func review(
            callId: String, _ input: ReviewInput, reviewer: String, teams: [String]?, now: Date
        ) async throws(StoreError) -> Store.ReviewOutcome { throw Self.failure }
        func reviewQueue(since: Date, teams: [String]?, limit: Int) async throws(StoreError) -> [ReviewQueueEntry] { throw Self.failure }
        func agentSummary(agentId: String, from: Date?, to: Date?, teams: [String]?) async throws(StoreError) -> [AgentDay] {
            throw Self.failure
        }
        func teamSummary(team: String, from: Date?, to: Date?, teams: [String]?) async throws(StoreError) -> [AgentDay] {
            throw Self.failure
        }
        func agents(from: Date?, to: Date?, team: String?, teams: [String]?) async throws(StoreError) -> [AgentOverview] { throw Self.failure }
        func exportPage(
            matching filter: CallFilter, after cursor: CallCursor?, limit: Int
        ) async throws(StoreError) -> (calls: [CallDetail], next: CallCursor?) { throw Self.failure }
        func erase(_ subject: Subject) async throws(StoreError) -> ErasureReport { throw Self.failure }
    }

    /// An access journal that cannot be written (a full disk).
    struct FullJournal: JournalStore {
        func journal(_ record: JournalRecord, now: Date) async throws(StoreError) -> JournalEntry {
            throw .failed(operation: "write the access journal", reason: "database or disk is full")
        }
        func pseudonym(kind: String, of identifier: String) -> String { "p-\(kind)" }
    }

    /// The real token table, counting how often a token is checked.
    struct CountingTokens: TokenRegistry {
        let store: Store
        let checks = NIOLockedValueBox(0)
        func checkToken(_ text: String, now: Date) async throws(StoreError) -> Store.TokenCheck {
            checks.withLockedValue { $0 += 1 }
            return try await store.checkToken(text, now: now)
        }
    }

    @Test func aFailingDatabaseIsAnswered503WithoutItsCause() async throws {
        let server = try TestServer(replacing: { $0.archive = FailingArchive() })
        let auth = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            for (method, uri) in [
                (HTTPRequest.Method.get, "/v1/calls"), (.get, "/v1/calls/c-1"), (.get, "/v1/agents/a-1/summary"),
                (.delete, "/v1/subjects/agent/a-1"),
                (.post, "/v1/calls"),
            ] {
                let body = method == .post ? #"{"callId":"c-1","agentId":"a","legs":{"agent":{"codec":"pcmu"}}}"# : ""
                try await client.execute(uri: uri, method: method, headers: auth, body: ByteBuffer(string: body)) { response in
                    let text = String(buffer: response.body)
                    #expect(response.status == .serviceUnavailable, "\(method) \(uri)")
                    #expect(text.contains(#""code":"store_unavailable""#), "\(method) \(uri): \(text)")
                    #expect(!text.contains("sector 7"), "\(method) \(uri) leaks the cause")
                }
            }
        }
    }

    @Test func accessThatCannotBeJournaledIsRefused() async throws {
        let server = try TestServer(replacing: { $0.journal = FullJournal() })
        try await server.app.test(.router) { client in
            for uri in ["/v1/calls", "/v1/calls?state=live", "/v1/export"] {
                try await client.execute(uri: uri, method: .get, headers: TestServer.bearer(server.adminToken)) { response in
                    #expect(response.status == .serviceUnavailable, "\(uri)")
                    #expect(String(buffer: response.body).contains(#""code":"journal_unavailable""#), "\(uri)")
                }
            }
        }
    }

    /// The upgrade gate checks the token and hands the principal on: the WebSocket router does
    /// not look it up again (the periodic re-check comes a ping interval later).
    @Test func aLiveConnectionsTokenIsCheckedOnceAtTheUpgrade() async throws {
        var live = LiveSettings()
        live.pingInterval = .seconds(60)
        let tokens = NIOLockedValueBox<CountingTokens?>(nil)
        let server = try TestServer(live: live, replacing: { parts in
            let counting = CountingTokens(store: parts.store)
            tokens.withLockedValue { $0 = counting }
            parts.tokens = counting
        })
        let counting = try #require(tokens.withLockedValue { $0 })
        let supervisor = try server.token(.supervisor, teams: ["blue"])
        let snapshot = NIOLockedValueBox<String?>(nil)
        try await server.app.test(.live) { client in
            try await client.ws("/v1/live", configuration: LiveSocketTests.configuration(token: supervisor)) { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                if case .text(let text)? = try await messages.next() { snapshot.withLockedValue { $0 = text } }
            }
        }
        #expect(snapshot.withLockedValue { $0 }.map { LiveEvents.json($0)["type"] as? String } == "snapshot")
        #expect(counting.checks.withLockedValue { $0 } == 1)
    }
}
