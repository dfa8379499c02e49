import ArgumentParser

/// `ccrd maintenance add|list|cancel`: announced maintenance windows from the command line.
struct MaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "Announce, list or cancel maintenance windows (excluded from availability).",
        subcommands: [MaintenanceAdd.self, MaintenanceList.self, MaintenanceCancel.self])
}
