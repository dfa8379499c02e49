import CCRMedia
import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP (`systemctl reload ccrd`) instead of dying: reads the
/// file again, applies what can change while running, and logs what needs a restart. A file
/// that no longer loads changes nothing and says why.
struct ReloadService: Service {
    let reload: ConfigurationReload
    let load: @Sendable () throws -> Configuration
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            let configuration: Configuration
            do {
                configuration = try load()
            } catch {
                logger.error("reload refused: the configuration does not load; the running one stays", metadata: ["error": "\(error)"])
                continue
            }
            let pulse = await reload.switchboard.checkPulseLines(configuration.ingest)
            if let missing = pulse.missing.first {
                logger.error("reload refused: a PulseAudio source of agents[].pulse does not exist; the running configuration stays", metadata: ["error": "\(missing)"])
                continue
            }
            for error in pulse.unreachable {
                logger.warning("a PulseAudio server of agents[].pulse does not answer; its agents' calls fail until it does", metadata: ["error": "\(error)"])
            }
            do {
                let outcome = try reload.apply(configuration)
                var metadata: Logger.Metadata = ["tls.reloaded": "\(outcome.reloadedCertificate)"]
                if !outcome.needRestart.isEmpty { metadata["config.needRestart"] = "\(outcome.needRestart.joined(separator: ","))" }
                logger.notice("configuration reloaded", metadata: metadata)
                if !outcome.needRestart.isEmpty {
                    logger.warning(
                        "some changed keys take effect only after a restart",
                        metadata: ["config.needRestart": "\(outcome.needRestart.joined(separator: ","))"])
                }
            } catch {
                logger.error("reload refused: the TLS files cannot be used; the running certificate stays", metadata: ["error": "\(error)"])
            }
        }
    }
}
