import ArgumentParser

/// `ccrd incident list|ack`: incidents from the command line.
struct IncidentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "incident", abstract: "List incidents or take one in charge.", subcommands: [IncidentList.self, IncidentAck.self])
}
