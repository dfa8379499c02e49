import ArgumentParser
import CCRServer
import CCRStore
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

/// `ccrd serve`: runs ingest and the HTTP API until SIGTERM or SIGINT; SIGHUP reloads.
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
                "http.tls": "\(configuration.http.tls != nil)",
            ])
        let store = try options.openStore(configuration)
        Self.warnIfNoReaders(store: store, logger: logger)
        var certificate: ServerCertificate?
        if let tls = configuration.http.tls {
            do {
                certificate = try ServerCertificate(certificatePath: tls.certificate, keyPath: tls.key)
            } catch {
                FileHandle.standardError.write(Data("ccrd: http.tls: \(error.description)\n".utf8))
                throw ExitCode(ConfigOptions.configExitCode)
            }
        }
        // SIGHUP reloads what can change while running (ReloadService), from the same file.
        let path = options.path
        let transcription = TranscriptionService.load(settings: configuration.transcription, logger: logger)
        let app = buildApplication(
            ApplicationParts(configuration: configuration, store: store, transcription: transcription, logger: logger),
            certificate: certificate,
            reloadConfiguration: { try Configuration.load(path: path, environment: ProcessInfo.processInfo.environment) },
            notifier: SystemdNotifier(environment: ProcessInfo.processInfo.environment), logger: logger)
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
