import ArgumentParser
import Foundation

/// The ccrd command line: `serve` (default) runs the daemon; `check-config` validates a configuration; `token` manages access tokens.
@main
struct CCRD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ccrd",
        abstract: "Real-time call quality engine: listens to live calls over RTP and scores them.",
        subcommands: [
            Serve.self, Score.self, CheckConfig.self, TokenCommand.self, Purge.self, Export.self, Erase.self,
            JournalCommand.self, SLACommand.self, MaintenanceCommand.self, IncidentCommand.self, Transcribe.self,
        ],
        defaultSubcommand: Serve.self
    )

    /// Every file ccrd creates (database, exports) holds personal data: readable by its user only.
    static func main() async {
        umask(0o077)
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
