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

/// Builds the ccrd application from its parts: RTP ingest, the call pipeline (store writer and
/// live hub), retention, the HTTP API, the WebSocket, the health loop, and (with
/// `reloadConfiguration`) SIGHUP reloads, ready to run. `notifier` tells systemd when ccrd
/// serves, how it is doing and when it stops (nothing without `NOTIFY_SOCKET`).
public func buildApplication(
    _ parts: ApplicationParts, certificate: ServerCertificate? = nil,
    reloadConfiguration: (@Sendable () throws -> Configuration)? = nil, notifier: SystemdNotifier = SystemdNotifier(environment: [:]),
    logger: Logger
) -> some ApplicationProtocol {
    let (configuration, store) = (parts.configuration, parts.store)
    let (hub, storeWriter, switchboard) = (parts.calls.hub, parts.calls.storeWriter, parts.calls.switchboard)
    let retention = RetentionService(store: store, policy: configuration.retention, logger: logger)
    let router = buildRouter(parts)
    let admitted = AdmittedUpgrades()
    let webSocketRouter = buildLiveRouter(parts, admitted: admitted)
    let limits = parts.limits
    let http = configuration.http
    let connections = parts.connections
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
            check: LiveController.upgradeCheck(tokens: parts.tokens), admitted: admitted, guards: guards)
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
    // Transcription stops before its writer, and both after ingest has ended the calls.
    let transcription: [any Service] = ([parts.calls.transcripts, parts.calls.transcription] as [(any Service)?]).compactMap { $0 }
    var services: [any Service] = [storeWriter] + transcription + [
        retention, IngestService(switchboard: switchboard),
        MaintenanceHeraldService(
            schedule: parts.maintenance, weekly: configuration.sla.weeklyMaintenance, hub: hub,
            interval: min(configuration.sla.heartbeatInterval, .seconds(30)), logger: logger),
    ]
    if let reloadConfiguration {
        let reload = ConfigurationReload(
            configuration: configuration, switchboard: switchboard, connections: connections, liveClients: hub.connections,
            startRate: parts.startRate, certificate: certificate, phrases: parts.calls.phrases,
            transcription: parts.calls.transcription)
        services.append(ReloadService(reload: reload, load: reloadConfiguration, logger: logger))
    }
    // Last, so it stops first: STOPPING=1 goes out as the drain begins.
    services.append(
        HealthLoop(
            store: store, notifier: notifier, heartbeatInterval: configuration.sla.heartbeatInterval, liveCalls: parts.liveCalls,
            probes: HealthProbes(
                store: store, eventLoops: MultiThreadedEventLoopGroup.singleton, switchboard: switchboard, hub: hub, storeWriter: storeWriter,
                storeBacklogged: parts.storeBacklogged),
            health: parts.health,
            incidents: configuration.sla.incidents, calendar: configuration.sla.calendar, latency: parts.latency, hub: hub, logger: logger))
    let health = parts.health
    let liveCalls = parts.liveCalls
    var app = Application(
        router: router,
        server: server,
        configuration: .init(address: .hostname(configuration.http.host, port: configuration.http.port), serverName: "ccrd"),
        // Shut down in reverse: ingest ends every call first, then the store writer writes them.
        services: services,
        onServerRunning: { _ in
            health.markServing()
            let calls = liveCalls.liveCount
            notifier.ready(status: "serving: \(calls) live call\(calls == 1 ? "" : "s")")
        },
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
        // PulseAudio lines: a source the server does not have is a configuration mistake; a
        // server that does not answer may be a workstation that is off.
        let pulse = await switchboard.checkPulseLines(configuration.ingest)
        for error in pulse.unreachable {
            logger.warning("a PulseAudio server of agents[].pulse does not answer; its agents' calls fail until it does", metadata: ["error": "\(error)"])
        }
        if let missing = pulse.missing.first { throw IngestError.pulse(missing) }
        await switchboard.openPulseStations()
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

/// The HTTP routes. Everything under `/v1` needs a token; `/healthz`, `/readyz`, `/metrics`
/// (fixed labels only, no personal data) and the dashboard page (which holds no data and asks
/// for a token itself) do not.
func buildRouter(_ parts: ApplicationParts) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: LatencyMiddleware(book: parts.latency, metrics: parts.calls.metrics))
    let liveCalls = parts.liveCalls
    router.get("/healthz") { _, _ in
        Health(status: "ok", liveCalls: liveCalls.liveCount)
    }
    let health = parts.health
    let transcription = parts.transcription
    let (phraseSettings, listener) = (parts.configuration.phrases, parts.calls.phrases)
    router.get("/readyz") { _, _ in
        Readiness(health, transcription: transcription, phrases: phraseSettings, listener: listener)
    }
    let scrape = MetricsScrape(parts)
    router.get("/metrics") { _, _ in
        await scrape.response()
    }
    for file in DashboardPage.files {
        let response = DashboardPage.response(file)
        router.get(RouterPath(file.path)) { _, _ in response }
    }
    let api = router.group("/v1").add(
        middleware: TokenAuthenticator(tokens: parts.tokens, journal: parts.journal, limiter: parts.limiter, queryTokenPaths: ["/v1/live"]))
    let journal = AccessJournal(journal: parts.journal)
    let calls = CallController(
        liveCalls: parts.liveCalls, archive: parts.archive, journal: journal, startRate: parts.startRate, refusals: parts.limits,
        storeBacklogged: parts.storeBacklogged)
    api.addRoutes(calls.routes, atPath: "/calls")
    api.addRoutes(AgentController(archive: parts.archive, journal: journal).routes, atPath: "/agents")
    api.addRoutes(ReviewController(archive: parts.archive, journal: journal).routes, atPath: "/reviews")
    api.addRoutes(TokenController(store: parts.store, journal: journal).routes, atPath: "/tokens")
    api.addRoutes(SessionController().routes, atPath: "/session")
    api.addRoutes(ExportController(archive: parts.archive, journal: journal).routes, atPath: "/export")
    api.addRoutes(StatisticsController(archive: parts.archive, journal: journal).routes, atPath: "/stats")
    api.addRoutes(
        SLAController(history: parts.runs, maintenance: parts.maintenance, incidents: parts.incidents, settings: parts.configuration.sla).routes,
        atPath: "/sla")
    api.addRoutes(IncidentController(log: parts.incidents, settings: parts.configuration.sla, hub: parts.calls.hub).routes, atPath: "/incidents")
    api.addRoutes(MaintenanceController(schedule: parts.maintenance, weekly: parts.configuration.sla.weeklyMaintenance).routes, atPath: "/maintenance")
    api.addRoutes(SubjectController(archive: parts.archive, journal: journal, holders: parts.calls.holders).routes, atPath: "/subjects")
    LiveController.addFallback(to: api.group().add(middleware: RoleRequirement(.supervisor, .admin)))
    return router
}

/// The router WebSocket upgrades go through. Only requests the upgrade gate let through reach
/// it, and the gate has checked their token and role: the principal it found is handed on, not
/// looked up again.
func buildLiveRouter(_ parts: ApplicationParts, admitted: AdmittedUpgrades) -> Router<APIRequestContext> {
    let router = Router(context: APIRequestContext.self)
    router.add(middleware: UpgradePrincipal(admitted: admitted))
    LiveController(hub: parts.calls.hub, tokens: parts.tokens, refusals: parts.limits).addUpgrade(to: router)
    return router
}
