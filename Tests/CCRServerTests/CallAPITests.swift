import CCRMedia
import HTTPTypes
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import Testing

@testable import CCRServer

@Suite("Call control API")
struct CallAPITests {
    let server: TestServer
    var auth: HTTPFields { TestServer.bearer(server.adminToken) }

    init() throws {
        server = try TestServer()
    }

    func makeApp() -> some ApplicationProtocol {
        server.app
    }

    func post(_ client: some TestClientProtocol, _ json: String, headers: HTTPFields? = nil) async throws -> (HTTPResponse.Status, String) {
        try await client.execute(uri: "/v1/calls", method: .post, headers: headers ?? auth, body: ByteBuffer(string: json)) { response in
            (response.status, String(buffer: response.body))
        }
    }

    /// The store writer never drops a call: with too many waiting to be written, new calls are
    /// refused instead, and taken again once the backlog is written.
    @Test func aStoreBacklogRefusesNewCallsUntilItIsWritten() async throws {
        let backlogged = NIOLockedValueBox(true)
        let server = try TestServer(replacing: { $0.storeBacklogged = { backlogged.withLockedValue { $0 } } })
        let auth = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            let body = #"{"callId":"backlog-1","agentId":"a","legs":{"agent":{"codec":"pcmu"}}}"#
            let (refused, text) = try await post(client, body, headers: auth)
            #expect(refused == .serviceUnavailable)
            #expect(text.contains(#""code":"store_backlog""#) && text.contains("storage.maxUnwrittenCalls"))
            backlogged.withLockedValue { $0 = false }
            let (created, _) = try await post(client, body, headers: auth)
            #expect(created == .created)
        }
    }

    @Test func rejectsBadRequestsWithClearMessages() async throws {
        try await makeApp().test(.router) { client in
            let cases: [(String, String)] = [
                ("{", "not valid JSON"),
                (#"{"agentId":"a","legs":{"agent":{"codec":"opus"}}}"#, "missing callId"),
                (#"{"callId":"c","agentId":"a","legs":{"agent":{"codec":"g729"}}}"#, "legs.agent.codec 'g729' is not supported"),
                (#"{"callId":"c","agentId":"a","legs":{"caller":{"codec":"opus"}}}"#, "legs.caller is not a leg"),
                (#"{"callId":"c","agentId":"a","legs":{}}"#, "legs must name at least one"),
                (#"{"callId":"c d","agentId":"a","legs":{"agent":{"codec":"opus"}}}"#, "callId must be"),
                (#"{"callId":"c","agentId":"a","legs":{"agent":{"codec":"opus"}},"source":"gateway"}"#, "source 'gateway' is not an IP"),
                (#"{"callId":"c","agentId":"a"}"#, "legs must name at least one"),
                (#"{"callId":"c","agentId":"a","source":"pulse","legs":{"agent":{"codec":"opus"}}}"#, "takes no legs"),
                (#"{"callId":"c","agentId":"a","source":"pulse"}"#, "agent 'a' has no PulseAudio line"),
                (#"{"callId":5,"agentId":"a","legs":{"agent":{"codec":"opus"}}}"#, "callId should be a string"),
            ]
            for (body, message) in cases {
                let (status, text) = try await post(client, body)
                #expect(status == .badRequest, "\(body)")
                #expect(text.contains(message), "\(text)")
                #expect(text.contains(#""code":"bad_request""#))
            }
        }
    }

    @Test func startsListsShowsAndEndsACall() async throws {
        try await makeApp().test(.router) { client in
            let body = #"{"callId":"c-1","agentId":"a","team":"t","legs":{"agent":{"codec":"opus"},"customer":{"codec":"pcma"}}}"#
            let (status, text) = try await post(client, body)
            #expect(status == .created)
            let created = try JSONDecoder.iso.decode(LiveCallResponse.self, from: Data(text.utf8))
            #expect(created.state == "live")
            let agentPort = try #require(created.legs.agent?.port)
            let customerPort = try #require(created.legs.customer?.port)
            #expect(agentPort % 2 == 0 && customerPort % 2 == 0 && agentPort != customerPort)
            #expect(created.legs.customer?.codec == "pcma")

            let (duplicate, duplicateText) = try await post(client, body)
            #expect(duplicate == .conflict)
            #expect(duplicateText.contains("duplicate_call"))

            try await client.execute(uri: "/v1/calls?state=live", method: .get, headers: auth) { response in
                let list = try JSONDecoder.iso.decode([String: [LiveCallResponse]].self, from: Data(response.body.readableBytesView))
                #expect(list["calls"]?.map(\.callId) == ["c-1"])
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(String(buffer: response.body).contains(#""liveCalls":1"#))
            }
            try await client.execute(uri: "/v1/calls/c-1/end", method: .post, headers: auth) { response in
                #expect(response.status == .ok)
                let ended = try JSONDecoder.iso.decode(LiveCallResponse.self, from: Data(response.body.readableBytesView))
                #expect(ended.state == "ended")
                #expect(ended.endReason == "api")
            }
            try await client.execute(uri: "/v1/calls/c-1", method: .get, headers: auth) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""state":"ended""#))
            }
            try await client.execute(uri: "/v1/calls/unknown", method: .get, headers: auth) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func runsOutOfPortsCleanly() async throws {
        let base = 39_000 + Int.random(in: 0..<200) * 4
        let server = try TestServer(portRange: base...(base + 3))  // two pairs: one two-leg call
        let auth = TestServer.bearer(server.adminToken)
        try await server.app.test(.router) { client in
            let two = #"{"callId":"%@","agentId":"a","legs":{"agent":{"codec":"opus"},"customer":{"codec":"opus"}}}"#
            let (first, _) = try await post(client, two.replacingOccurrences(of: "%@", with: "x1"), headers: auth)
            #expect(first == .created)
            let (second, text) = try await post(client, two.replacingOccurrences(of: "%@", with: "x2"), headers: auth)
            #expect(second == .serviceUnavailable)
            #expect(text.contains("no_free_port"))
            // Ending the first call gives its ports back.
            _ = try await client.execute(uri: "/v1/calls/x1/end", method: .post, headers: auth) { $0.status }
            // The ports are free once their sockets have closed; until then the answer is 503.
            var third = HTTPResponse.Status.serviceUnavailable
            for _ in 0..<200 where third == .serviceUnavailable {
                (third, _) = try await post(client, two.replacingOccurrences(of: "%@", with: "x3"), headers: auth)
                if third == .serviceUnavailable { try await Task.sleep(for: .milliseconds(25)) }
            }
            #expect(third == .created)
        }
    }
}

extension JSONDecoder {
    static var iso: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
