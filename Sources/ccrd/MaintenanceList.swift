import ArgumentParser
import CCRCore
import CCRServer
import CCRStore
import Foundation

/// `ccrd maintenance list`: announced windows from 30 days ago on, cancelled ones marked.
struct MaintenanceList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List announced maintenance windows.")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let now = WallTime.now
        let windows = try store.maintenanceWindows(
            overlapping: Period(start: now.adding(seconds: -30 * 86_400), end: now.adding(seconds: 400 * 86_400)), includingCancelled: true)
        for window in windows { print(Self.line(window)) }
    }

    /// `id  start  end  reason  [cancelled at …]`.
    static func line(_ window: MaintenanceWindow) -> String {
        let cancelled = window.cancelledAt.map { "\tcancelled \(WallTime(milliseconds: $0))" } ?? ""
        return "\(window.id ?? 0)\t\(WallTime(milliseconds: window.startAt))\t\(WallTime(milliseconds: window.endAt))\t\(window.reason)\(cancelled)"
    }
}
