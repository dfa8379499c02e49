import ArgumentParser
import CCRCore
import CCRServer
import CCRStore
import Foundation

/// `ccrd maintenance add --start T --end T --reason TEXT`: announces a window (checked as
/// `POST /v1/maintenance` checks it) and prints it.
struct MaintenanceAdd: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Announce a maintenance window.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "When it starts (ISO 8601, YYYY-MM-DD or Unix seconds); in the future.") var start: String
    @Option(help: "When it ends; 1 minute to 7 days after the start.") var end: String
    @Option(help: "Why (shown to supervisors).") var reason: String

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let window: MaintenanceWindow
        do {
            window = try MaintenanceAnnouncement(start: start, end: end, reason: reason).window(now: WallTime.now, by: "cli")
        } catch {
            throw ConfigOptions.usage(error.message)
        }
        let stored = try store.announceMaintenance(window)
        print(MaintenanceList.line(stored))
    }
}
