import ArgumentParser

/// `ccrd token`: create, list and revoke the bearer tokens the API and live channel accept.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Manage access tokens (stored as SHA-256 hashes in the state database).",
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self]
    )
}
