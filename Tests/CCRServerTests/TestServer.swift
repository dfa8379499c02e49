import CCRMedia
import CCRStore
import HTTPTypes
import Hummingbird
import Logging

@testable import CCRServer

/// The application exactly as ccrd builds it (`buildApplication` over `ApplicationParts`), on
/// an in-memory store with an admin token, for tests that drive the router (`.router`) or a
/// real loopback socket (`.live`). A test may replace a part (a failing archive or journal, a
/// held store backlog) with `replacing`; everything else is the shipped wiring, store writer
/// and all.
struct TestServer: Sendable {
    let parts: ApplicationParts
    let adminToken: String

    var store: Store { parts.store }
    var hub: LiveHub { parts.calls.hub }
    var switchboard: Switchboard { parts.calls.switchboard }
    var limiter: AuthFailureLimiter { parts.limiter }

    init(
        live: LiveSettings = LiveSettings(), failureLimit: Int = 10, portRange: ClosedRange<Int>? = nil,
        ingest configure: (inout IngestSettings) -> Void = { _ in },
        replacing replace: (inout ApplicationParts) -> Void = { _ in }
    ) throws {
        var configuration = Configuration()
        configuration.http.host = "127.0.0.1"
        configuration.http.port = 0
        configuration.live = live
        configuration.auth.failureLimit = failureLimit
        let base = 31_000 + Int.random(in: 0..<80) * 100
        configuration.ingest.portRange = portRange ?? base...(base + 99)
        configure(&configuration.ingest)
        let store = try Store.inMemory()
        var parts = ApplicationParts(
            configuration: configuration, store: store, hub: LiveHub(settings: live, firstSeq: 0), logger: Logger(label: "test"))
        replace(&parts)
        self.parts = parts
        adminToken = try store.createToken(role: .admin, teams: [], label: "test", expiresIn: nil).text
    }

    func token(_ role: Role, teams: [String] = []) throws -> String {
        try store.createToken(role: role, teams: teams, label: nil, expiresIn: nil).text
    }

    /// The application (HTTP, the live WebSocket, ingest, the store writer); build it once per
    /// test: its services run once.
    var app: some ApplicationProtocol {
        buildApplication(parts, logger: Logger(label: "test"))
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }
}
