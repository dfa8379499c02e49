import CCRMedia
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// Builds the ccrd application: RTP ingest plus the HTTP API, ready to run.
public func buildApplication(configuration: Configuration, logger: Logger) -> some ApplicationProtocol {
    let switchboard = Switchboard(
        settings: configuration.ingest, group: MultiThreadedEventLoopGroup.singleton, logger: logger)
    let router = buildRouter(switchboard: switchboard)
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.http.host, port: configuration.http.port), serverName: "ccrd"),
        services: [IngestService(switchboard: switchboard)],
        logger: logger
    )
    app.beforeServerStarts {
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

/// The HTTP routes, separate so tests can drive them without sockets.
public func buildRouter(switchboard: Switchboard) -> Router<BasicRequestContext> {
    let router = Router()
    router.get("/healthz") { _, _ in
        Health(status: "ok", liveCalls: switchboard.liveCount)
    }
    router.addRoutes(CallController(switchboard: switchboard).routes, atPath: "/v1/calls")
    return router
}

/// `GET /healthz`.
struct Health: ResponseEncodable {
    var status: String
    var liveCalls: Int
}
