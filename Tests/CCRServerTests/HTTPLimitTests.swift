import CCRMedia
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import CCRServer

/// The HTTP server as ccrd builds it (`buildApplication`), on a real loopback socket, against
/// clients that are slow, silent, oversized or malformed, and numbers that are out of range.
@Suite("HTTP limits and hostile requests")
struct HTTPLimitTests {
    static func configuration(maxConnections: Int = 1024) -> Configuration {
        var configuration = Configuration()
        configuration.http.port = 0
        configuration.http.requestTimeout = .seconds(1)
        configuration.http.idleTimeout = .seconds(2)
        configuration.http.maxConnections = maxConnections
        configuration.http.maxHeaderBytes = 4096
        let base = 36_000 + Int.random(in: 0..<40) * 100
        configuration.ingest.portRange = base...(base + 99)
        return configuration
    }

    static func withServer(
        maxConnections: Int = 1024, _ body: @Sendable (Int, String, any TestClientProtocol) async throws -> Void
    ) async throws {
        let store = try Store.inMemory()
        let admin = try store.createToken(role: .admin, teams: [], label: "test", expiresIn: nil).text
        let app = buildApplication(
            ApplicationParts(configuration: configuration(maxConnections: maxConnections), store: store, logger: Logger(label: "test")),
            logger: Logger(label: "test"))
        try await app.test(.live) { client in
            try await body(try #require(client.port), admin, client)
        }
    }

    @Test func aHalfSentRequestHeadGets408AndIsClosed() async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n")
            let started = ContinuousClock.now
            let (text, closed) = connection.readUntilClosed()
            #expect(RawConnection.status(text) == 408)
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(8))
        }
    }

    @Test func aSilentConnectionIsClosed() async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            let (_, closed) = connection.readUntilClosed()
            #expect(closed)
        }
    }

    @Test func anIdleKeepAliveConnectionIsClosed() async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            let (text, closed) = connection.readUntilClosed()
            #expect(RawConnection.status(text) == 200)
            #expect(closed)
        }
    }

    /// A request answered at once but whose body trickles in cannot hold the connection.
    @Test func aTrickledBodyIsCutOffEvenAfterTheAnswer() async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n")
            let started = ContinuousClock.now
            let trickle = Task {
                for _ in 0..<40 {
                    connection.send("a")
                    try await Task.sleep(for: .milliseconds(200))
                }
            }
            let (_, closed) = connection.readUntilClosed()
            trickle.cancel()
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(6))
        }
    }

    /// A second request on a kept-alive connection is bounded as well.
    @Test func aSlowSecondRequestIsCutOff() async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nPOST /v1/calls HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
            let started = ContinuousClock.now
            let (text, closed) = connection.readUntilClosed()
            #expect(RawConnection.status(text) == 200)
            #expect(closed)
            #expect(ContinuousClock.now - started < .seconds(6))
        }
    }

    @Test func oversizedHeadersGet431() async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n")
            let (text, closed) = connection.readUntilClosed()
            #expect(RawConnection.status(text) == 431)
            #expect(closed)
        }
    }

    @Test(arguments: [
        "GARBAGE\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "GET / HTTP/9.9 extra\r\n\r\n",
        "\u{01}\u{02}\u{03}\r\n\r\n",
    ])
    func malformedRequestsGet400(request: String) async throws {
        try await Self.withServer { port, _, _ in
            let connection = try RawConnection(port: port)
            connection.send(request)
            let (text, closed) = connection.readUntilClosed()
            #expect(RawConnection.status(text) == 400, "answer: \(text.prefix(80))")
            #expect(closed)
        }
    }

    @Test func connectionsBeyondTheCapGet503AndTheServerRecovers() async throws {
        try await Self.withServer(maxConnections: 3) { port, _, _ in
            var held = try (0..<3).map { _ in try RawConnection(port: port) }
            // Give the server a moment to accept all three (they stay silent).
            try await Task.sleep(for: .milliseconds(200))
            let refused = try RawConnection(port: port)
            let (text, closed) = refused.readUntilClosed()
            #expect(RawConnection.status(text) == 503)
            #expect(closed)
            held.removeAll()
            // Slots come back as connections close: a new one is served.
            var status: Int?
            let deadline = ContinuousClock.now + .seconds(5)
            while status != 200, ContinuousClock.now < deadline {
                let connection = try RawConnection(port: port)
                connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                status = RawConnection.status(connection.readUntilClosed().text)
                if status != 200 { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(status == 200)
        }
    }

    /// The finding: `from=1e300` (and NaN, infinities) crashed the daemon converting to Int64.
    @Test(arguments: [
        "/v1/calls?from=1e300", "/v1/calls?from=nan", "/v1/calls?to=-inf", "/v1/calls?from=-1e20",
        "/v1/agents/a/summary?to=inf", "/v1/export?from=-1e20", "/v1/export?to=1e19", "/v1/calls?minScore=nan",
        "/v1/calls?limit=99999999999999999999", "/v1/calls?from=99999-01-01",
    ])
    func outOfRangeNumbersAre400(path: String) async throws {
        try await Self.withServer { _, admin, client in
            try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer \(admin)"]) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }
}

/// The finding: the dashboard's policy allowed inline scripts and connections to any host.
@Suite("Dashboard content policy")
struct DashboardPolicyTests {
    @Test func pageAndFilesForbidInlineCodeAndForeignConnections() async throws {
        let server = try TestServer()
        try await server.app.test(.router) { client in
            for path in ["/", "/dashboard.css", "/dashboard.js"] {
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok)
                    let policy = try #require(response.headers[HTTPField.Name("Content-Security-Policy")!])
                    #expect(!policy.contains("unsafe-inline"))
                    #expect(policy.contains("connect-src 'self';"))
                    #expect(policy.contains("script-src 'self'"))
                    if path == "/" {
                        let page = String(buffer: response.body)
                        #expect(!page.contains("<script>") && !page.contains("<style>") && !page.contains(" style="))
                        #expect(page.contains("<script src=\"/dashboard.js\"></script>"))
                    }
                }
            }
        }
    }
}
