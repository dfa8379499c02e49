import CCRMedia
import CCRStore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import ServiceLifecycle
import NIOCore
import NIOPosix

/// Builds the ccrd application: RTP ingest, the live hub, the HTTP API and the WebSocket,
/// ready to run. `store` holds the tokens every route but `/healthz` and `/` checks; `hub`
/// (made from `configuration.live` when not given) is where analysis events go live, and where
/// benchmarks inject events.
public func buildApplication(
    configuration: Configuration, store: Store, hub: LiveHub? = nil, connections: ConnectionCount? = nil,
    certificate: ServerCertificate? = nil, reloadConfiguration: (@Sendable () throws -> Configuration)? = nil, logger: Logger
) -> some ApplicationProtocol {
    let calls = CallPipeline(configuration: configuration, store: store, hub: hub, logger: logger)
    let (hub, storeWriter, switchboard) = (calls.hub, calls.storeWriter, calls.switchboard)
    let retention = RetentionService(store: store, policy: configuration.retention, logger: logger)
    let limiter = AuthFailureLimiter(limit: configuration.auth.failureLimit, window: configuration.auth.failureWindow)
    let startRate = CallStartRate(perSecond: configuration.ingest.startsPerSecond)
    let limits = LimitLog(logger: logger)
    let router = buildRouter(
        switchboard: switchboard, hub: hub, store: store, limiter: limiter, startRate: startRate, limits: limits, holders: calls.holders,
        storeBacklogged: { [storeWriter, configuration] in storeWriter.backlog >= configuration.storage.maxUnwrittenCalls })
    let webSocketRouter = buildLiveRouter(hub: hub, store: store, limiter: limiter, limits: limits)
    let http = configuration.http
    let connections = connections ?? ConnectionCount(cap: http.maxConnections)
    let guards = ConnectionGuards(
        count: connections, requestTimeout: .seconds(http.requestTimeout.components.seconds), answersRefusals: certificate == nil,
        limits: limits)
    let plain = HTTPServerBuilder.gatedWebSocketUpgrade(
            webSocketRouter: webSocketRouter,
            configuration: .init(
                http1: .init(
                    additionalChannelHandlers: [guards.requestTimer()],
                    idleTimeout: .seconds(http.idleTimeout.components.seconds),
                    httpDecoderConfiguration: .init(
                        maxHeaderFieldSize: http.maxHeaderBytes, maxHeaderListSize: http.maxHeaderBytes, maxHeaderFieldCount: 200)),
                ws: .init(autoPing: .enabled(timePeriod: configuration.live.pingInterval))),
            check: LiveController.upgradeCheck(store: store, limiter: limiter), guards: guards)
    let server: HTTPServerBuilder
    if let certificate {
        // The pair was checked when `certificate` loaded. Should this still fail, never fall
        // back to plain HTTP on a port meant for HTTPS.
        do {
            server = try HTTPServerBuilder.tls(plain, tlsConfiguration: certificate.tlsConfiguration)
        } catch {
            fatalError("ccrd: http.tls: the TLS server cannot be set up: \(error)")
        }
    } else {
        server = plain
    }
    var services: [any Service] = [storeWriter, retention, IngestService(switchboard: switchboard)]
    if let reloadConfiguration {
        let reload = ConfigurationReload(
            configuration: configuration, switchboard: switchboard, connections: connections, liveClients: hub.connections,
            startRate: startRate, certificate: certificate)
        services.append(ReloadService(reload: reload, load: reloadConfiguration, logger: logger))
    }
    var app = Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.http.host, port: configuration.http.port), serverName: "ccrd"),
        // Shut down in reverse: ingest ends every call first, then the store writer writes them.
        services: services,
        logger: logger
    )
    app.beforeServerStarts {
        let interrupted = try store.closeInterruptedCalls()
        if !interrupted.isEmpty {
            logger.warning(
                "calls that were live when ccrd last stopped were closed as interrupted, with their last checkpoint",
                metadata: ["calls.count": "\(interrupted.count)", "calls.ids": "\(interrupted.prefix(20).joined(separator: ","))"])
        }
        try await switchboard.openStaticLines()
        logger.info(
            "RTP ingest ready",
            metadata: [
                "rtp.bindAddress": "\(configuration.ingest.bindAddress)",
                "rtp.portRange": "\(configuration.ingest.portRange.lowerBound)-\(configuration.ingest.portRange.upperBound)",
                "rtp.staticLines": "\(configuration.ingest.staticLines.count)",
            ])
    }
    return app
}

/// The HTTP routes, separate so tests can drive them without sockets. Everything under `/v1`
/// needs a token; `/healthz` and the dashboard page (which holds no data and asks for a token
/// itself) do not.
public func buildRouter(
    switchboard: Switchboard, hub: LiveHub, store: Store, limiter: AuthFailureLimiter, startRate: CallStartRate? = nil,
    limits: LimitLog? = nil, holders: [any SubjectForgetting]? = nil, storeBacklogged: (@Sendable () -> Bool)? = nil
) -> Router<APIRequestContext> {
    let limits = limits ?? LimitLog(logger: Logger(label: "ccrd"))
    let router = Router(context: APIRequestContext.self)
    router.get("/healthz") { _, _ in
        Health(status: "ok", liveCalls: switchboard.liveCount)
    }
    router.get("/") { _, _ in
        DashboardPage.response
    }
    router.get(RouterPath(DashboardPage.stylePath)) { _, _ in
        DashboardPage.styleResponse
    }
    router.get(RouterPath(DashboardPage.scriptPath)) { _, _ in
        DashboardPage.scriptResponse
    }
    let api = router.group("/v1").add(
        middleware: TokenAuthenticator(store: store, limiter: limiter, queryTokenPaths: ["/v1/live"]))
    let journal = AccessJournal(store: store)
    var calls = CallController(
        switchboard: switchboard, store: store, journal: journal, startRate: startRate ?? CallStartRate(perSecond: switchboard.settings.startsPerSecond),
        refusals: limits)
    if let storeBacklogged { calls.storeBacklogged = storeBacklogged }
    api.addRoutes(calls.routes, atPath: "/calls")
    api.addRoutes(AgentController(store: store, journal: journal).routes, atPath: "/agents")
    api.addRoutes(ExportController(store: store, journal: journal).routes, atPath: "/export")
    api.addRoutes(SubjectController(store: store, journal: journal, holders: holders ?? [hub, switchboard]).routes, atPath: "/subjects")
    LiveController(hub: hub, store: store, refusals: limits).addFallback(to: api.group().add(middleware: RoleRequirement(.supervisor, .admin)))
    return router
}

/// The router WebSocket upgrades go through: the same token check (a refused upgrade falls
/// through to the HTTP router, which answers and counts the failure).
public func buildLiveRouter(hub: LiveHub, store: Store, limiter: AuthFailureLimiter, limits: LimitLog? = nil) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: TokenAuthenticator(store: store, limiter: limiter, queryTokenPaths: ["/v1/live"], countsFailures: false))
    router.add(middleware: RoleRequirement(.supervisor, .admin))
    LiveController(hub: hub, store: store, refusals: limits ?? LimitLog(logger: Logger(label: "ccrd"))).addUpgrade(to: router)
    return router
}
