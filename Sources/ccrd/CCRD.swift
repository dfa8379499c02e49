import ArgumentParser

/// The ccrd command line: `serve` (default) runs the daemon; `check-config` validates a configuration; `token` manages access tokens.
@main
struct CCRD: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ccrd",
        abstract: "Real-time call quality engine: listens to live calls over RTP and scores them.",
        subcommands: [
            Serve.self, Score.self, CheckConfig.self, TokenCommand.self, Purge.self, Export.self, Erase.self,
            JournalCommand.self,
        ],
        defaultSubcommand: Serve.self
    )
}
