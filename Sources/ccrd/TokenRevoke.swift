import ArgumentParser
import CCRStore
import Foundation

/// `ccrd token revoke ID`: the token stops working at its next use.
struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revoke", abstract: "Revoke a token by its id; a running ccrd refuses it from its next request.")

    @OptionGroup var options: ConfigOptions

    @Argument(help: "The token id, as `token list` shows it.")
    var id: String

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        guard try store.revokeToken(id: id) else {
            FileHandle.standardError.write(Data("ccrd: no token with id '\(id)' (see ccrd token list)\n".utf8))
            throw ExitCode(1)
        }
        try options.journal(store, action: "token.revoke", target: id)
        FileHandle.standardError.write(Data("ccrd: token \(id) revoked\n".utf8))
    }
}
