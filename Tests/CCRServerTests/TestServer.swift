import CCRMedia
import CCRStore
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging
import NIOPosix

@testable import CCRServer

/// An application as ccrd builds it, on an in-memory store with an admin token, for tests
/// that drive the router (`.router`) or a real socket (`.live`).
struct TestServer: Sendable {
    let store: Store
    let hub: LiveHub
    let switchboard: Switchboard
    let limiter: AuthFailureLimiter
    let adminToken: String

    init(
        live: LiveSettings = LiveSettings(), failureLimit: Int = 10, portRange: ClosedRange<Int>? = nil,
        ingest configure: (inout IngestSettings) -> Void = { _ in }
    ) throws {
        var settings = IngestSettings()
        let base = 31_000 + Int.random(in: 0..<80) * 100
        settings.portRange = portRange ?? base...(base + 99)
        configure(&settings)
        store = try Store.inMemory()
        let hub = LiveHub(settings: live, firstSeq: 0)
        self.hub = hub
        switchboard = Switchboard(
            settings: settings, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"),
            events: { hub.publish($0) })
        limiter = AuthFailureLimiter(limit: failureLimit, window: .seconds(60))
        adminToken = try store.createToken(role: .admin, teams: [], label: "test", expiresIn: nil).text
    }

    func token(_ role: Role, teams: [String] = []) throws -> String {
        try store.createToken(role: role, teams: teams, label: nil, expiresIn: nil).text
    }

    var router: Router<APIRequestContext> {
        buildRouter(switchboard: switchboard, hub: hub, store: store, limiter: limiter)
    }

    /// HTTP only (for `.router` tests).
    var app: some ApplicationProtocol {
        Application(router: router)
    }

    /// HTTP and the live WebSocket (for `.live` tests).
    var liveApp: some ApplicationProtocol {
        Application(
            router: router,
            server: .gatedWebSocketUpgrade(
                webSocketRouter: buildLiveRouter(hub: hub, store: store, limiter: limiter),
                configuration: .init(ws: .init(autoPing: .enabled(timePeriod: hub.settings.pingInterval))),
                check: LiveController.upgradeCheck(store: store, limiter: limiter),
                guards: ConnectionGuards(count: ConnectionCount(cap: 1000), requestTimeout: .seconds(15), limits: LimitLog(logger: Logger(label: "test")))),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func bearer(_ token: String) -> HTTPFields {
        [.authorization: "Bearer \(token)"]
    }
}
