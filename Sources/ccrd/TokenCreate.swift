import ArgumentParser
import CCRServer
import CCRStore
import Foundation

/// `ccrd token create`: makes a token and prints it once.
struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token and print it. It is shown only once: only its hash is stored.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "admin (everything), supervisor (live events and calls of its teams) or gateway (start and end calls).")
    var role: Role

    @Option(name: .customLong("team"), help: "A team a supervisor token may see; repeat for several. Required for supervisors.")
    var teams: [String] = []

    @Option(help: "Lifetime, e.g. 90d, 12h, 30m. Default: no expiry.")
    var expires: String?

    @Option(help: "Free text to tell tokens apart in `token list`.")
    var label: String?

    func validate() throws {
        if role == .supervisor && teams.isEmpty {
            throw ValidationError("a supervisor token needs at least one --team")
        }
        if role != .supervisor && !teams.isEmpty {
            throw ValidationError("--team applies to supervisor tokens only (admins see every team, gateways none)")
        }
        if let expires {
            guard let lifetime = ConfigReader.parseDuration(expires), lifetime > .zero else {
                throw ValidationError("--expires '\(expires)' is not a duration such as 90d, 12h or 30m")
            }
            guard lifetime <= AccessToken.maxLifetime else {
                throw ValidationError("--expires '\(expires)' is longer than \(AccessToken.maxLifetimeDays)d (10 years); omit it for a token that never expires")
            }
        }
    }

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let (token, text) = try store.createToken(
            role: role, teams: teams, label: label, expiresIn: expires.flatMap(ConfigReader.parseDuration))
        try options.journal(
            store, action: "token.create", target: token.id,
            detail: "role=\(token.role.rawValue) teams=\(token.teams.joined(separator: "+"))")
        print(text)
        var about = "ccrd: created token \(token.id) (role \(token.role.rawValue)"
        if !token.teams.isEmpty { about += ", teams \(token.teams.joined(separator: ","))" }
        if let expiresAt = token.expiresAt { about += ", expires \(ISO8601DateFormatter().string(from: expiresAt))" }
        about += ") in \(store.path); it will not be shown again\n"
        FileHandle.standardError.write(Data(about.utf8))
    }
}

extension Role: ExpressibleByArgument {}
