import ArgumentParser
import CCRServer
import CCRStore
import Foundation

/// The `--config` option every subcommand takes, and loading with environment overrides.
struct ConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Configuration file (default: $CCRD_CONFIG, else /etc/ccrd/ccrd.yaml when it exists, else Config/ccrd.yaml).")
    var config: String?

    /// EX_CONFIG from sysexits.h: systemd's unit does not restart on it.
    static let configExitCode: Int32 = 78

    /// EX_CANTCREAT from sysexits.h: the state database cannot be opened.
    static let storeExitCode: Int32 = 73

    /// Opens the state database named by the configuration or exits with the reason.
    func openStore(_ configuration: Configuration) throws -> Store {
        do {
            return try Store.open(path: configuration.storage.path)
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(Self.storeExitCode)
        }
    }

    /// Loads the configuration or exits with a message naming the bad key.
    func load() throws -> Configuration {
        let environment = ProcessInfo.processInfo.environment
        let path = config ?? environment["CCRD_CONFIG"] ?? Configuration.defaultPath()
        do {
            return try Configuration.load(path: path, environment: environment)
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(Self.configExitCode)
        }
    }
}
