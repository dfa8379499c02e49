import CCRCore
import CCRMedia
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CCRServer

/// The stored-call API through the real router: queries, reviews, summaries, export and erasure,
/// each journaled, each scoped to the token's teams.
@Suite("Stored calls API")
struct StoredCallAPITests {
    let server: TestServer
    static let base = Date(timeIntervalSince1970: 1_790_000_000)

    init() async throws {
        server = try TestServer()
        var calls: [CallCheckpoint] = []
        for index in 0..<60 {
            let id = String(format: "api-%03d", index)
            let team = index % 2 == 0 ? "blue" : "green"
            let agent = index % 3 == 0 ? "agent-zz-4412" : "agent-\(index % 3)"
            let startedAt = Self.base.addingTimeInterval(Double(index) * 3600)
            var metrics = ConversationMetrics(from: 0, to: 30)
            metrics.talkRatio = 0.5
            let result = Scorecard.standard.score(metrics)
            let window = TimelineWindow(
                number: 0, WindowScore(callId: id, window: metrics, score: result, cumulative: metrics, cumulativeScore: result))
            let call = StoredCall(
                id: id, agentId: agent, team: team, callerNumber: index % 5 == 0 ? "+491701234567" : nil,
                state: index == 59 ? .live : .ended, endReason: index == 59 ? nil : "bye", startedAt: startedAt,
                endedAt: startedAt.addingTimeInterval(120), durationSeconds: 120, mediaSeconds: 120, codecs: "agent:pcmu",
                score: Double(index), scorecardVersion: "standard-1", scoreDetail: result.criteria, summary: nil,
                alertCount: index % 10 == 0 ? 1 : 0, checkpointedAt: startedAt)
            calls.append(CallCheckpoint(call: call, windows: [window]))
        }
        try await server.store.save(calls)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func listsPagesAndFilters() async throws {
        let admin = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            var ids: [String] = []
            var uri = "/v1/calls?limit=25"
            while true {
                let page = try await client.execute(uri: uri, method: .get, headers: admin) { try json($0) }
                ids += (page["calls"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                guard let next = page["nextCursor"] as? String else { break }
                uri = "/v1/calls?limit=25&cursor=\(next)"
            }
            #expect(ids == (0..<60).reversed().map { String(format: "api-%03d", $0) })
            // base is 2026-09-21T14:13:20Z, a call an hour: from 16:00 leaves out calls 0 and 1.
            let filtered = try await client.execute(
                uri: "/v1/calls?agent=agent-1&team=green&minScore=10&maxScore=40&from=2026-09-21T16:00:00Z", method: .get, headers: admin
            ) { try json($0) }
            let got = (filtered["calls"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(got == ["api-037", "api-031", "api-025", "api-019", "api-013"])
            let late = try await client.execute(uri: "/v1/calls?agent=agent-1&from=2026-09-21T16:00:00Z&to=2026-09-21T19:00:00Z", method: .get, headers: admin) {
                try json($0)
            }
            #expect((late["calls"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String } == ["api-004"])
            let alerts = try await client.execute(uri: "/v1/calls?alert=true&limit=100", method: .get, headers: admin) { try json($0) }
            #expect((alerts["calls"] as? [Any])?.count == 6)
            for (query, message) in [
                ("limit=0", "limit must be"), ("limit=5000", "limit must be"), ("cursor=%21%21", "cursor is not one"),
                ("minScore=101", "minScore must be"), ("from=yesterday", "from must be"),
                ("from=2026-10-01&to=2026-09-01", "from must be before to"),
            ] {
                try await client.execute(uri: "/v1/calls?\(query)", method: .get, headers: admin) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(String(buffer: response.body).contains(message), "\(query): \(String(buffer: response.body))")
                }
            }
        }
    }

    @Test func supervisorsSeeTheirTeamsOnly() async throws {
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        try await server.app.test(.router) { client in
            let page = try await client.execute(uri: "/v1/calls?limit=100", method: .get, headers: blue) { try json($0) }
            let teams = Set((page["calls"] as? [[String: Any]] ?? []).compactMap { $0["team"] as? String })
            #expect(teams == ["blue"])
            try await client.execute(uri: "/v1/calls?team=green", method: .get, headers: blue) { response in
                let body = try json(response)
                #expect((body["calls"] as? [Any])?.isEmpty == true)
            }
            try await client.execute(uri: "/v1/calls/api-001", method: .get, headers: blue) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/calls/api-002", method: .get, headers: blue) { response in
                #expect(response.status == .ok)
                let body = try json(response)
                #expect((body["timeline"] as? [Any])?.count == 1)
                #expect(body["live"] == nil)
            }
        }
    }

    @Test func reviewsKeepTheAIScoreBeside() async throws {
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        let gateway = TestServer.bearer(try server.token(.gateway))
        try await server.app.test(.router) { client in
            func review(_ id: String, _ body: String, _ headers: HTTPFields) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(uri: "/v1/calls/\(id)/review", method: .post, headers: headers, body: ByteBuffer(string: body)) {
                    ($0.status, String(buffer: $0.body))
                }
            }
            let (status, body) = try await review("api-004", #"{"score": 72.5, "comment": "good recovery"}"#, blue)
            #expect(status == .created)
            #expect(body.contains(#""aiScore":4"#) && body.contains(#""score":72.5"#) && body.contains("reviewer"))
            #expect(try await review("api-004", #"{"score": 101}"#, blue).0 == .badRequest)
            #expect(try await review("api-004", #"{"score": "high"}"#, blue).1.contains("score should be"))
            #expect(try await review("api-004", "{", blue).0 == .badRequest)
            #expect(try await review("api-003", #"{"score": 50}"#, blue).0 == .notFound)  // green
            #expect(try await review("api-058", #"{"score": 50}"#, gateway).0 == .forbidden)
            // Start-up closed the call seeded live (as interrupted, as after a crash): make it live
            // again, as a call in progress is.
            var live = try #require(try await server.store.callDetail(id: "api-059")).call
            (live.state, live.endReason) = (.live, nil)
            try await server.store.save([CallCheckpoint(call: live, windows: [])])
            #expect(try await review("api-059", #"{"score": 50}"#, TestServer.bearer(server.adminToken)).0 == .conflict)
            try await client.execute(uri: "/v1/calls/api-004", method: .get, headers: blue) { response in
                let reviews = try json(response)["reviews"] as? [[String: Any]]
                #expect(reviews?.first?["comment"] as? String == "good recovery")
            }
        }
    }

    @Test func agentSummaryIsPerDay() async throws {
        let admin = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            let summary = try await client.execute(uri: "/v1/agents/agent-1/summary?from=2026-09-21&to=2026-09-24", method: .get, headers: admin) {
                try json($0)
            }
            let days = summary["days"] as? [[String: Any]] ?? []
            #expect(days.map { $0["day"] as? String } == ["2026-09-21", "2026-09-22", "2026-09-23"])
            let total = days.reduce(0) { $0 + (($1["calls"] as? Int) ?? 0) }
            let expected = (0..<60).filter { index in
                let start = Self.base.addingTimeInterval(Double(index) * 3600)
                return index % 3 == 1 && index != 59 && start < Date(timeIntervalSince1970: 1_790_208_000)
            }.count
            #expect(total == expected)
        }
    }

    @Test func exportStreamsEveryMatchingCall() async throws {
        let admin = TestServer.bearer(server.adminToken)
        let green = TestServer.bearer(try server.token(.supervisor, teams: ["green"]))
        try await server.app.test(.router) { client in
            try await client.execute(uri: "/v1/export?format=ndjson", method: .get, headers: admin) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("application/x-ndjson") == true)
                let lines = String(buffer: response.body).split(separator: "\n")
                #expect(lines.count == 60)
                #expect(lines.first?.contains(#""id":"api-059""#) == true)
            }
            try await client.execute(uri: "/v1/export?format=csv", method: .get, headers: green) { response in
                let rows = String(buffer: response.body).components(separatedBy: "\r\n").filter { !$0.isEmpty }
                #expect(rows.count == 31)  // header + the 30 green calls
                #expect(rows.dropFirst().allSatisfy { $0.contains(",green,") })
            }
            try await client.execute(uri: "/v1/export?format=xml", method: .get, headers: admin) { #expect($0.status == .badRequest) }
        }
    }

    @Test func erasureIsForAdminsAndIsJournaledWithoutTheName() async throws {
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        let admin = TestServer.bearer(server.adminToken)
        // The agent's last call also went through the live channel: its events are in the replay buffer.
        server.hub.publish(LiveEvents.started("api-057", agent: "agent-zz-4412", team: "green"))
        server.hub.publish(LiveEvents.alert("api-057", 1))
        server.hub.publish(LiveEvents.ended("api-057"))
        try await server.app.test(.router) { client in
            try await client.execute(uri: "/v1/calls/api-000", method: .get, headers: admin) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/subjects/agent/agent-zz-4412", method: .delete, headers: blue) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: "/v1/subjects/agent/agent-zz-4412", method: .delete, headers: admin) { response in
                #expect(response.status == .ok)
                let removed = try json(response)["removed"] as? [String: Any]
                #expect(removed?["calls"] as? Int == 20)
                #expect(removed?["windows"] as? Int == 20)
                #expect(try json(response)["forgottenLiveEvents"] as? Int == 3)
            }
            try await client.execute(uri: "/v1/calls/api-000", method: .get, headers: admin) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/subjects/caller/+491701234567", method: .delete, headers: admin) { response in
                let removed = try json(response)["removed"] as? [String: Any]
                #expect(removed?["calls"] as? Int == 8)  // 12 calls, 4 of them the agent's
            }
            try await client.execute(uri: "/v1/calls", method: .get, headers: TestServer.bearer("ccrd_bad_token")) {
                #expect($0.status == .unauthorized)
            }
        }
        let replay = server.hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 0).drainNow()
        #expect(!replay.joined().contains("agent-zz-4412"))
        let entries = try server.store.journalEntries()
        let actions = Set(entries.map(\.action))
        #expect(actions.isSuperset(of: ["call.read", "subject.erase", "auth.failure"]))
        #expect(entries.allSatisfy { !"\($0)".contains("agent-zz-4412") && !"\($0)".contains("491701234567") })
        let erase = try #require(entries.first { $0.action == "subject.erase" })
        #expect(erase.target == server.store.pseudonym(kind: "agent", of: "agent-zz-4412"))
        #expect(erase.actor.hasPrefix("token:"))
        #expect(try server.store.verifyJournal().isIntact)
    }
}

/// Findings of the hostile-input run on stored calls.
@Suite("Stored calls keep their identity")
struct StoredCallIdentityTests {
    /// The finding: re-posting a stored call's id with another agent and team relabeled it, and
    /// another team's supervisor then read the first team's reviews.
    @Test func aStoredCallIdCannotBeStartedAgain() async throws {
        let server = try TestServer()
        let startedAt = Date()
        let stored = StoredCall(
            id: "kept-1", agentId: "agent-a", team: "blue", callerNumber: nil, state: .ended, endReason: "bye", startedAt: startedAt,
            endedAt: startedAt, durationSeconds: 1, mediaSeconds: 1, codecs: "agent:pcmu", score: 50,
            scorecardVersion: "standard-1", scoreDetail: nil, summary: nil, alertCount: 0, checkpointedAt: startedAt)
        try await server.store.save([CallCheckpoint(call: stored, windows: [])])
        let gateway = try server.token(.gateway)
        try await server.app.test(.router) { client in
            let body = #"{"callId":"kept-1","agentId":"mallory","team":"red","legs":{"agent":{"codec":"pcmu"}}}"#
            try await client.execute(
                uri: "/v1/calls", method: .post, headers: TestServer.bearer(gateway), body: ByteBuffer(string: body)
            ) { response in
                #expect(response.status == .conflict)
                #expect(String(buffer: response.body).contains("duplicate_call"))
            }
        }
        let detail = try #require(try await server.store.callDetail(id: "kept-1"))
        #expect(detail.call.agentId == "agent-a")
        #expect(detail.call.team == "blue")
    }

    /// A call that just ended (not yet written) keeps its id too.
    @Test func aJustEndedCallIdCannotBeStartedAgain() async throws {
        let server = try TestServer()
        try await server.app.test(.router) { client in
            let body = #"{"callId":"brief","agentId":"a1","legs":{"agent":{"codec":"pcmu"}}}"#
            let auth = TestServer.bearer(server.adminToken)
            try await client.execute(uri: "/v1/calls", method: .post, headers: auth, body: ByteBuffer(string: body)) {
                #expect($0.status == .created)
            }
            try await client.execute(uri: "/v1/calls/brief/end", method: .post, headers: auth) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/calls", method: .post, headers: auth, body: ByteBuffer(string: body)) {
                #expect($0.status == .conflict)
            }
        }
    }
}

/// Calls an outsider can open are bounded: in all, per token, and per second.
@Suite("Call limits")
struct CallLimitTests {
    func body(_ id: String) -> ByteBuffer {
        ByteBuffer(string: #"{"callId":"\#(id)","agentId":"a1","legs":{"agent":{"codec":"pcmu"}}}"#)
    }

    @Test func perTokenAndTotalLimitsAnswer429And503() async throws {
        let server = try TestServer { settings in
            settings.maxCallsPerToken = 2
            settings.maxCalls = 3
        }
        let first = TestServer.bearer(try server.token(.gateway))
        let second = TestServer.bearer(try server.token(.gateway))
        try await server.app.test(.router) { client in
            for id in ["a", "b"] {
                try await client.execute(uri: "/v1/calls", method: .post, headers: first, body: body(id)) { #expect($0.status == .created) }
            }
            try await client.execute(uri: "/v1/calls", method: .post, headers: first, body: body("c")) { response in
                #expect(response.status == .tooManyRequests)
                #expect(String(buffer: response.body).contains("ingest.maxCallsPerToken"))
            }
            try await client.execute(uri: "/v1/calls", method: .post, headers: second, body: body("d")) { #expect($0.status == .created) }
            try await client.execute(uri: "/v1/calls", method: .post, headers: second, body: body("e")) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("ingest.maxCalls"))
            }
            // An ended call frees its place.
            try await client.execute(uri: "/v1/calls/a/end", method: .post, headers: first) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/calls", method: .post, headers: first, body: body("f")) { #expect($0.status == .created) }
        }
    }

    @Test func startsPerSecondAreLimitedPerToken() async throws {
        let server = try TestServer { settings in
            settings.startsPerSecond = 3
            settings.maxCallsPerToken = 100
        }
        let gateway = TestServer.bearer(try server.token(.gateway))
        try await server.app.test(.router) { client in
            var statuses: [HTTPResponse.Status] = []
            for n in 0..<6 {
                try await client.execute(uri: "/v1/calls", method: .post, headers: gateway, body: body("s\(n)")) { statuses.append($0.status) }
            }
            #expect(statuses.filter { $0 == .created }.count == 3)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 3)
        }
    }
}

/// The finding: the journal kept raw paths and filter values, so an erased agent's id
/// survived erasure in the database.
@Suite("Journal after erasure")
struct JournalAfterErasureTests {
    @Test func noReadableTraceOfAnErasedAgentIsLeftInTheJournal() async throws {
        let server = try TestServer()
        let auth = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            for uri in [
                "/v1/calls?agent=agent-qq-9931&team=agent-qq-9931&alert=agent-qq-9931",
                "/v1/agents/agent-qq-9931/summary",
                "/v1/calls/agent-qq-9931-1790000000-abc-1",
                "/v1/export?agent=agent-qq-9931",
            ] {
                try await client.execute(uri: uri, method: .get, headers: auth) { _ in }
            }
            // An unauthenticated request naming the agent in its path.
            try await client.execute(uri: "/v1/agents/agent-qq-9931/summary", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/v1/subjects/agent/agent-qq-9931", method: .delete, headers: auth) { #expect($0.status == .ok) }
        }
        let entries = try server.store.journalEntries()
        #expect(entries.count >= 5)
        for entry in entries {
            for field in [entry.actor, entry.action, entry.target, entry.source, entry.detail] {
                #expect(!field.contains("9931"), "journal entry \(entry.seq) \(entry.action) keeps '\(field)'")
            }
        }
        #expect(try server.store.verifyJournal().isIntact)
    }
}
