import ArgumentParser
import CCRServer
import Logging
import ServiceLifecycle
import UnixSignals

/// `ccrd serve`: runs ingest and the HTTP API until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the daemon (the default).")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        let level = configuration.logLevel.level
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "ccrd")
        logger.info(
            "starting ccrd",
            metadata: [
                "config.path": "\(configuration.path)",
                "http.address": "\(configuration.http.host):\(configuration.http.port)",
            ])
        let app = buildApplication(configuration: configuration, logger: logger)
        var group = ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(15)
        try await ServiceGroup(configuration: group).run()
        logger.info("ccrd stopped")
    }
}
