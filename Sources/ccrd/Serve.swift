import ArgumentParser
import CCRServer
import CCRStore
import Foundation
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
        let store = try options.openStore(configuration)
        Self.warnIfNoReaders(store: store, logger: logger)
        let app = buildApplication(configuration: configuration, store: store, logger: logger)
        var group = ServiceGroupConfiguration(
            services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = .seconds(15)
        try await ServiceGroup(configuration: group).run()
        logger.info("ccrd stopped")
    }

    /// Without an admin or supervisor token nobody can read anything: say how to make one.
    static func warnIfNoReaders(store: Store, logger: Logger) {
        guard let tokens = try? store.tokens() else { return }
        let usable = tokens.filter { $0.state(at: Date()) == .valid && $0.role != .gateway }
        if usable.isEmpty {
            logger.warning(
                "no admin or supervisor token exists: the API and dashboard cannot be used until one is created with `ccrd token create --role admin`",
                metadata: ["storage.path": "\(store.path)"])
        }
    }
}
