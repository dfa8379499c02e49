import CCRCore
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CCRServer

/// What the supervisor's workspace asks of the API: calls sorted by score or age with cursors,
/// validation (confirm, correct overall or per criterion), the queue of calls to review, the
/// agents list with the team beside each agent, a call's activity, and token administration.
@Suite("Workspace API")
struct WorkspaceAPITests {
    let server: TestServer
    static let base = Date().addingTimeInterval(-86_400)

    /// 30 calls, one every 10 minutes from a day ago: blue even, green odd; agent-a and agent-b
    /// in blue, agent-c and agent-d in green; score 90 − 3 × index; call 12 raised a critical
    /// alert; call 4 has its activity kept.
    init() async throws {
        server = try TestServer()
        var calls: [CallCheckpoint] = []
        for index in 0..<30 {
            let id = String(format: "ws-%02d", index)
            let team = index % 2 == 0 ? "blue" : "green"
            let agent = ["agent-a", "agent-c", "agent-b", "agent-d"][index % 4]
            let startedAt = Self.base.addingTimeInterval(Double(index) * 600)
            var metrics = ConversationMetrics(from: 0, to: 60)
            metrics.talkRatio = 0.9
            metrics.longestDeadAirSeconds = 12
            let result = Scorecard.standard.score(metrics)
            var alerts: [StoredAlert] = []
            if index == 12 {
                let alert = Alert(
                    id: "agitation#1", callId: id, rule: "agitation", metric: .customerAgitation, severity: .critical,
                    condition: "customerAgitation > 0.8", value: 0.9, raisedAt: 30)
                alerts.append(StoredAlert(alert, agentId: agent, team: team, callerNumber: nil, callStartedAt: startedAt))
            }
            let call = StoredCall(
                id: id, agentId: agent, team: team, callerNumber: nil, state: .ended, endReason: "bye", startedAt: startedAt,
                endedAt: startedAt.addingTimeInterval(60), durationSeconds: 60, mediaSeconds: 60, codecs: "agent:opus customer:opus",
                score: 90 - 3 * Double(index), scorecardVersion: "standard-1", scoreDetail: result.criteria, summary: nil,
                alertCount: alerts.count, checkpointedAt: startedAt)
            let activity =
                index == 4
                ? CallActivity(
                    agentSpeech: [Span(start: 0.5, length: 2)], customerSpeech: [Span(start: 14.5, length: 3)],
                    deadAir: [Span(start: 2.5, length: 12)], overtalk: []) : nil
            calls.append(CallCheckpoint(call: call, alerts: alerts, activity: activity))
        }
        try await server.store.save(calls)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func callsSortByScoreOrAgeAcrossPages() async throws {
        let admin = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            func all(_ sort: String) async throws -> [String] {
                var ids: [String] = []
                var uri = "/v1/calls?limit=7&sort=\(sort)"
                while true {
                    let page = try await client.execute(uri: uri, method: .get, headers: admin) { try json($0) }
                    ids += (page["calls"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                    guard let next = page["nextCursor"] as? String else { break }
                    uri = "/v1/calls?limit=7&sort=\(sort)&cursor=\(next)"
                }
                return ids
            }
            let ascending = (0..<30).map { String(format: "ws-%02d", $0) }
            #expect(try await all("score") == ascending.reversed())  // lowest score is the last call
            #expect(try await all("-score") == ascending)
            #expect(try await all("oldest") == ascending)
            #expect(try await all("newest") == ascending.reversed())
            let first = try await client.execute(uri: "/v1/calls?limit=3&sort=score", method: .get, headers: admin) { try json($0) }
            let cursor = try #require(first["nextCursor"] as? String)
            try await client.execute(uri: "/v1/calls?limit=3&cursor=\(cursor)", method: .get, headers: admin) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("keep sort as it was"))
            }
            try await client.execute(uri: "/v1/calls?sort=loudest", method: .get, headers: admin) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("sort must be one of newest, oldest, score, -score"))
            }
        }
    }

    @Test func aSupervisorConfirmsOrCorrectsAndTheCallKeepsBothScores() async throws {
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        try await server.app.test(.router) { client in
            func review(_ id: String, _ body: String) async throws -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(uri: "/v1/calls/\(id)/review", method: .post, headers: blue, body: ByteBuffer(string: body)) {
                    ($0.status, (try? json($0)) ?? [:])
                }
            }
            // Confirmed: the human score is the machine's.
            let (confirmed, confirmation) = try await review("ws-02", #"{"verdict": "confirmed", "comment": "fair"}"#)
            #expect(confirmed == .created)
            #expect(confirmation["verdict"] as? String == "confirmed")
            #expect((confirmation["score"] as? NSNumber)?.doubleValue == 84)
            #expect((confirmation["aiScore"] as? NSNumber)?.doubleValue == 84)

            // Corrected criterion by criterion: the dead air cost nothing by the supervisor's
            // reckoning, so its points come back.
            let detail = try await client.execute(uri: "/v1/calls/ws-04", method: .get, headers: blue) { try json($0) }
            let criteria = (detail["call"] as? [String: Any])?["scoreDetail"] as? [[String: Any]] ?? []
            let deadAir = try #require(criteria.first { $0["name"] as? String == "dead air" })
            let machineLost = try #require((deadAir["pointsLost"] as? NSNumber)?.doubleValue)
            #expect(machineLost > 0)
            let (corrected, correction) = try await review(
                "ws-04", #"{"verdict": "corrected", "criteria": [{"criterion": "dead air", "pointsLost": 0}], "comment": "hold music"}"#)
            #expect(corrected == .created)
            #expect(correction["verdict"] as? String == "corrected")
            let machineScore = 90.0 - 12
            let humanScore = try #require((correction["score"] as? NSNumber)?.doubleValue)
            #expect(abs(humanScore - min(100, machineScore + machineLost)) < 0.01, "\(humanScore) \(machineLost)")
            let corrections = correction["criteria"] as? [[String: Any]] ?? []
            #expect(corrections.count == 1)
            #expect(corrections.first?["metric"] as? String == "deadAir")
            #expect((corrections.first?["machinePointsLost"] as? NSNumber)?.doubleValue == machineLost)

            // The stored call shows the machine's and the human's score, who and when.
            let after = try await client.execute(uri: "/v1/calls/ws-04", method: .get, headers: blue) { try json($0) }
            #expect(((after["call"] as? [String: Any])?["score"] as? NSNumber)?.doubleValue == machineScore)
            let reviews = after["reviews"] as? [[String: Any]] ?? []
            #expect(reviews.count == 1)
            #expect((reviews.first?["score"] as? NSNumber)?.doubleValue == humanScore)
            #expect((reviews.first?["reviewer"] as? String)?.hasPrefix("token:") == true)
            #expect(reviews.first?["reviewedAt"] is String)
            // The activity kept with the call: the dead air where it was.
            let activity = after["activity"] as? [String: Any]
            let gap = (activity?["deadAir"] as? [[String: Any]])?.first
            #expect((gap?["start"] as? NSNumber)?.doubleValue == 2.5)
            #expect((gap?["length"] as? NSNumber)?.doubleValue == 12)

            // Mistakes are told.
            for (body, message) in [
                (#"{"verdict": "confirmed", "score": 12}"#, "a confirmation keeps the machine's score"),
                (#"{"verdict": "corrected"}"#, "a correction needs a score or at least one corrected criterion"),
                (#"{"criteria": [{"criterion": "charm", "pointsLost": 3}]}"#, "has no criterion 'charm'"),
                (#"{"criteria": [{"criterion": "dead air", "pointsLost": 1}, {"criterion": "deadAir", "pointsLost": 2}]}"#, "corrected twice"),
                (#"{"criteria": [{"criterion": "dead air", "pointsLost": -1}]}"#, "pointsLost must be a number from 0 to 100"),
                (#"{"verdict": "maybe"}"#, "verdict must be confirmed or corrected"),
                (#"{"comment": "nothing else"}"#, "a review needs a score"),
            ] {
                try await client.execute(uri: "/v1/calls/ws-06/review", method: .post, headers: blue, body: ByteBuffer(string: body)) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(String(buffer: response.body).contains(message), "\(body): \(String(buffer: response.body))")
                }
            }
            // Another team's call cannot be reviewed.
            #expect(try await review("ws-03", #"{"verdict": "confirmed"}"#).0 == .notFound)
        }
    }

    @Test func theQueueListsUnreviewedCallsCriticalFirstThenLowestScore() async throws {
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        try await server.app.test(.router) { client in
            _ = try await client.execute(
                uri: "/v1/calls/ws-28/review", method: .post, headers: blue, body: ByteBuffer(string: #"{"verdict": "confirmed"}"#)
            ) { #expect($0.status == .created) }
            let queue = try await client.execute(uri: "/v1/reviews/queue?limit=4", method: .get, headers: blue) { try json($0) }
            let entries = queue["calls"] as? [[String: Any]] ?? []
            let ids = entries.compactMap { ($0["call"] as? [String: Any])?["id"] as? String }
            // ws-12 raised a critical alert; then the lowest blue scores, ws-28 being reviewed.
            #expect(ids == ["ws-12", "ws-26", "ws-24", "ws-22"])
            #expect((entries.first?["criticalAlerts"] as? NSNumber)?.intValue == 1)
            try await client.execute(uri: "/v1/reviews/queue?days=0", method: .get, headers: blue) { #expect($0.status == .badRequest) }
            try await client.execute(uri: "/v1/reviews/queue?limit=1000", method: .get, headers: blue) { #expect($0.status == .badRequest) }
        }
    }

    @Test func agentsAreListedAndSetBesideTheirTeam() async throws {
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        try await server.app.test(.router) { client in
            let list = try await client.execute(uri: "/v1/agents", method: .get, headers: blue) { try json($0) }
            let agents = list["agents"] as? [[String: Any]] ?? []
            #expect(Set(agents.compactMap { $0["agentId"] as? String }) == ["agent-a", "agent-b"])
            #expect(agents.allSatisfy { ($0["teams"] as? [String]) == ["blue"] })
            #expect(agents.reduce(0) { $0 + (($1["calls"] as? NSNumber)?.intValue ?? 0) } == 15)
            let summary = try await client.execute(uri: "/v1/agents/agent-a/summary", method: .get, headers: blue) { try json($0) }
            #expect(summary["team"] as? String == "blue")
            let days = summary["days"] as? [[String: Any]] ?? []
            let teamDays = summary["teamDays"] as? [[String: Any]] ?? []
            #expect(days.reduce(0) { $0 + (($1["calls"] as? NSNumber)?.intValue ?? 0) } == 8)
            #expect(teamDays.reduce(0) { $0 + (($1["calls"] as? NSNumber)?.intValue ?? 0) } == 15)
            #expect(!String(describing: teamDays).contains("agent"))
            // An agent of another team: nothing of it, nor of its team.
            let other = try await client.execute(uri: "/v1/agents/agent-c/summary?team=green", method: .get, headers: blue) { try json($0) }
            #expect((other["days"] as? [Any])?.isEmpty == true)
            #expect((other["teamDays"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func adminsCreateListAndRevokeTokens() async throws {
        let admin = TestServer.bearer(server.adminToken)
        let supervisor = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        try await server.app.test(.router) { client in
            let created = try await client.execute(
                uri: "/v1/tokens", method: .post, headers: admin,
                body: ByteBuffer(string: #"{"role": "supervisor", "teams": ["blue", "green"], "label": "night shift", "expires": "30d"}"#)
            ) { response in
                #expect(response.status == .created)
                return try json(response)
            }
            let secret = try #require(created["secret"] as? String)
            let entry = try #require(created["token"] as? [String: Any])
            let id = try #require(entry["id"] as? String)
            #expect(secret.hasPrefix("ccrd_\(id)_"))
            #expect(entry["teams"] as? [String] == ["blue", "green"])
            #expect(entry["expiresAt"] is String)
            // The new token works at once.
            try await client.execute(uri: "/v1/calls?limit=1", method: .get, headers: TestServer.bearer(secret)) { #expect($0.status == .ok) }
            // The list never shows a secret or a hash.
            try await client.execute(uri: "/v1/tokens", method: .get, headers: admin) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(id) && text.contains("night shift"))
                #expect(!text.contains(secret) && !text.contains("hash"))
            }
            // Revoked: refused from the next request on.
            try await client.execute(uri: "/v1/tokens/\(id)", method: .delete, headers: admin) { response in
                #expect(response.status == .ok)
                let state = try json(response)["state"] as? String
                #expect(state == "revoked")
            }
            try await client.execute(uri: "/v1/calls?limit=1", method: .get, headers: TestServer.bearer(secret)) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/tokens/nosuchtoken", method: .delete, headers: admin) { #expect($0.status == .notFound) }
            for body in [
                #"{"role": "supervisor"}"#, #"{"role": "king"}"#, #"{"role": "admin", "teams": ["blue"]}"#,
                #"{"role": "gateway", "expires": "forever"}"#, #"{"role": "supervisor", "teams": ["bl ue"]}"#,
            ] {
                try await client.execute(uri: "/v1/tokens", method: .post, headers: admin, body: ByteBuffer(string: body)) {
                    #expect($0.status == .badRequest, "\(body)")
                }
            }
            // Supervisors do not administer tokens.
            try await client.execute(uri: "/v1/tokens", method: .get, headers: supervisor) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/tokens", method: .post, headers: supervisor, body: ByteBuffer(string: #"{"role": "admin"}"#)) {
                #expect($0.status == .forbidden)
            }
        }
        let actions = try server.store.journalEntries().map(\.action)
        #expect(actions.contains("token.create") && actions.contains("token.revoke") && actions.contains("tokens.list"))
    }
}
