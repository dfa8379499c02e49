import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import CCRServer

@Suite("Tokens and roles on the HTTP API")
struct AuthTests {
    let startBody = #"{"callId":"c-blue","agentId":"a","team":"blue","legs":{"agent":{"codec":"opus"}}}"#

    @Test func everyAPIRouteNeedsAToken() async throws {
        let server = try TestServer()
        try await server.app.test(.router) { client in
            for (uri, method) in [("/v1/calls", HTTPRequest.Method.get), ("/v1/calls", .post), ("/v1/calls/x", .get),
                                  ("/v1/calls/x/end", .post), ("/v1/live", .get)] {
                try await client.execute(uri: uri, method: method) { response in
                    #expect(response.status == .unauthorized, "\(method) \(uri)")
                    #expect(response.headers[.wwwAuthenticate] == #"Bearer realm="ccrd""#)
                    #expect(String(buffer: response.body).contains("bearer token is required"))
                }
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(response.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            }
        }
    }

    @Test func unknownRevokedAndExpiredTokensAre401() async throws {
        let server = try TestServer()
        let revoked = try server.store.createToken(role: .admin, teams: [], label: nil, expiresIn: nil)
        #expect(try server.store.revokeToken(id: revoked.token.id))
        let expired = try server.store.createToken(
            role: .admin, teams: [], label: nil, expiresIn: .seconds(60), now: Date().addingTimeInterval(-120))
        try await server.app.test(.router) { client in
            for (token, message) in [("ccrd_nope_nope", "invalid token"), (revoked.text, "token revoked"), (expired.text, "token expired")] {
                try await client.execute(uri: "/v1/calls", method: .get, headers: TestServer.bearer(token)) { response in
                    #expect(response.status == .unauthorized)
                    #expect(String(buffer: response.body).contains(message))
                }
            }
            // The query parameter is only for the WebSocket path.
            try await client.execute(uri: "/v1/calls?access_token=\(server.adminToken)", method: .get) {
                #expect($0.status == .unauthorized)
            }
            try await client.execute(uri: "/v1/calls", method: .get, headers: TestServer.bearer(server.adminToken)) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test func rolesDecideWhatATokenMayDo() async throws {
        let server = try TestServer()
        let gateway = TestServer.bearer(try server.token(.gateway))
        let blue = TestServer.bearer(try server.token(.supervisor, teams: ["blue"]))
        let red = TestServer.bearer(try server.token(.supervisor, teams: ["red"]))
        try await server.app.test(.router) { client in
            // Supervisors cannot control calls; gateways can.
            try await client.execute(uri: "/v1/calls", method: .post, headers: blue, body: ByteBuffer(string: startBody)) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("role admin or gateway; yours is supervisor"))
            }
            try await client.execute(uri: "/v1/calls", method: .post, headers: gateway, body: ByteBuffer(string: startBody)) {
                #expect($0.status == .created)
            }
            // Gateways cannot read calls or the live channel.
            try await client.execute(uri: "/v1/calls", method: .get, headers: gateway) { #expect($0.status == .forbidden) }
            try await client.execute(uri: "/v1/live", method: .get, headers: gateway) { #expect($0.status == .forbidden) }
            // Supervisors read their teams' calls only.
            try await client.execute(uri: "/v1/calls?state=live", method: .get, headers: blue) { response in
                #expect(String(buffer: response.body).contains("c-blue"))
            }
            try await client.execute(uri: "/v1/calls?state=live", method: .get, headers: red) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("c-blue"))
            }
            try await client.execute(uri: "/v1/calls/c-blue", method: .get, headers: red) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/v1/calls/c-blue", method: .get, headers: blue) { #expect($0.status == .ok) }
            try await client.execute(uri: "/v1/calls/c-blue/end", method: .post, headers: red) { #expect($0.status == .forbidden) }
            // A plain GET of the WebSocket path with a good token explains itself.
            try await client.execute(uri: "/v1/live", method: .get, headers: blue) { response in
                #expect(response.status.code == 426)
            }
            try await client.execute(uri: "/v1/live?minSeverity=loud", method: .get, headers: blue) { response in
                #expect(response.status == .badRequest)
                #expect(String(buffer: response.body).contains("minSeverity 'loud'"))
            }
            try await client.execute(uri: "/v1/calls/c-blue/end", method: .post, headers: gateway) { #expect($0.status == .ok) }
        }
    }

    @Test func repeatedFailuresFromOneAddressAreRateLimited() async throws {
        let server = try TestServer(failureLimit: 3)
        try await server.app.test(.router) { client in
            for _ in 0..<3 {
                try await client.execute(uri: "/v1/calls", method: .get, headers: TestServer.bearer("wrong")) {
                    #expect($0.status == .unauthorized)
                }
            }
            // Blocked now for anything but a valid token, until the window passes.
            try await client.execute(uri: "/v1/calls", method: .get, headers: TestServer.bearer("wrong")) { response in
                #expect(response.status == .tooManyRequests)
                #expect(response.headers[.retryAfter] != nil)
            }
            try await client.execute(uri: "/v1/calls", method: .get) { response in
                #expect(response.status == .tooManyRequests)
            }
            // Everyone behind the same address (a proxy) with a valid token still gets in.
            try await client.execute(uri: "/v1/calls", method: .get, headers: TestServer.bearer(server.adminToken)) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func limiterForgetsAfterItsWindow() {
        let limiter = AuthFailureLimiter(limit: 2, window: .seconds(10))
        let start = ContinuousClock.now
        #expect(!limiter.recordFailure("10.0.0.1", now: start))
        #expect(limiter.recordFailure("10.0.0.1", now: start))  // crossing is reported once
        #expect(!limiter.recordFailure("10.0.0.1", now: start))
        #expect(limiter.isBlocked("10.0.0.1", now: start + .seconds(9)))
        #expect(!limiter.isBlocked("10.0.0.2", now: start))
        #expect(!limiter.isBlocked("10.0.0.1", now: start + .seconds(10)))
    }
}
