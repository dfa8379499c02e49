import ArgumentParser
import CCRCore
import CCRServer
import CCRStore

/// `ccrd maintenance cancel ID`: cancels a window that has not begun.
struct MaintenanceCancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel an announced maintenance window that has not begun.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The window's id (ccrd maintenance list).") var id: Int64

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        switch try store.cancelMaintenance(id: id, now: WallTime.now) {
        case .cancelled(let window):
            print(MaintenanceList.line(window))
        case .noSuchWindow:
            throw ConfigOptions.usage("no maintenance window \(id)")
        case .alreadyBegun:
            throw ConfigOptions.usage("maintenance window \(id) has begun; it cannot be cancelled")
        case .alreadyCancelled:
            throw ConfigOptions.usage("maintenance window \(id) is already cancelled")
        }
    }
}
