import ArgumentParser

/// `ccrd sla report`: the service level from the command line.
struct SLACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sla", abstract: "Report the service level ccrd measured about itself.", subcommands: [SLAReportCommand.self])
}
