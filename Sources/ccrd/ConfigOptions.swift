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

    /// Writes what a command did to the access journal, as "cli:<user>"; exits if it cannot.
    func journal(_ store: Store, action: String, target: String = "-", detail: String = "") throws {
        let user = ProcessInfo.processInfo.environment["USER"] ?? "uid-\(getuid())"
        do {
            try store.journalNow(JournalRecord(actor: "cli:\(user)", action: action, target: target, source: "cli", detail: detail))
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(Self.storeExitCode)
        }
    }

    /// Fails with a message and exit code 64 (EX_USAGE).
    static func usage(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("ccrd: \(message)\n".utf8))
        return ExitCode(64)
    }

    /// The configuration file this command reads.
    var path: String {
        config ?? ProcessInfo.processInfo.environment["CCRD_CONFIG"] ?? Configuration.defaultPath()
    }

    /// Loads the configuration or exits with a message naming the bad key.
    func load() throws -> Configuration {
        do {
            return try Configuration.load(path: path, environment: ProcessInfo.processInfo.environment)
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(Self.configExitCode)
        }
    }
}
