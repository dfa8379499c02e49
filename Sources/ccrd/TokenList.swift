import ArgumentParser
import CCRStore
import Foundation

/// `ccrd token list`: every token with its role, teams and state; never the secret.
struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (ids, roles, teams, state).")

    @OptionGroup var options: ConfigOptions

    @Option(help: "table or json.")
    var format: OutputFormat = .table

    enum OutputFormat: String, ExpressibleByArgument {
        case table, json
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let tokens = try store.tokens()
        let now = Date()
        let dates = ISO8601DateFormatter()
        switch format {
        case .json:
            struct Row: Encodable {
                var id, role, state: String
                var teams: [String]
                var label: String?
                var createdAt: String
                var expiresAt, revokedAt: String?
            }
            let rows = tokens.map { token in
                Row(
                    id: token.id, role: token.role.rawValue, state: Self.describe(token.state(at: now)), teams: token.teams,
                    label: token.label, createdAt: dates.string(from: token.createdAt),
                    expiresAt: token.expiresAt.map(dates.string), revokedAt: token.revokedAt.map(dates.string))
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(rows), as: UTF8.self))
        case .table:
            if tokens.isEmpty {
                print("no tokens; create one with: ccrd token create --role admin")
                return
            }
            let header = ["ID", "ROLE", "TEAMS", "STATE", "CREATED", "EXPIRES", "LABEL"]
            let rows = tokens.map { token in
                [
                    token.id, token.role.rawValue, token.teams.isEmpty ? "-" : token.teams.joined(separator: ","),
                    Self.describe(token.state(at: now)), dates.string(from: token.createdAt),
                    token.expiresAt.map(dates.string) ?? "never", token.label ?? "",
                ]
            }
            let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
            for row in [header] + rows {
                print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  "))
            }
        }
    }

    static func describe(_ state: AccessToken.State) -> String {
        switch state {
        case .valid: "valid"
        case .expired: "expired"
        case .revoked: "revoked"
        }
    }
}
