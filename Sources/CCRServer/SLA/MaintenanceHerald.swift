import CCRCore

/// Tells live clients of maintenance ahead of time: each window (the weekly one and those
/// announced) is announced once when it comes within 24 h (`day`; at once if announced later
/// than that) and once more within 1 h (`hour`). A coming window that disappears (cancelled)
/// is announced as cancelled. `standing` is what a client connecting now should know: the
/// windows announced and not over yet. After a restart the current stage of each window is
/// announced again (a client may see a notice twice, never miss one).
struct MaintenanceHerald: Sendable {
    static let dayAhead: Int64 = 24 * 3_600_000
    static let hourAhead: Int64 = 3_600_000

    /// Windows announced and not over, by key, with the last stage announced.
    private(set) var known: [String: (notice: MaintenanceNotice, stage: MaintenanceNotice.Stage)] = [:]

    /// The span to read windows for at `now`: from now to 24 h ahead.
    static func horizon(now: WallTime) -> Period {
        Period(start: now, end: WallTime(milliseconds: now.milliseconds + dayAhead))
    }

    /// One round at `now` with every window overlapping `horizon(now:)` (a round whose read
    /// failed must not be run: the missing windows would count as cancelled): the notices to send.
    mutating func round(_ windows: [MaintenanceNotice], now: WallTime) -> [ServiceNotice] {
        var notices: [ServiceNotice] = []
        var seen = Set<String>()
        for window in windows.sorted(by: { $0.period.start < $1.period.start }) where window.period.end > now {
            seen.insert(window.key)
            let ahead = window.period.start.milliseconds - now.milliseconds
            guard ahead <= Self.dayAhead else { continue }
            let stage: MaintenanceNotice.Stage = ahead > Self.hourAhead ? .day : .hour
            if let previous = known[window.key], previous.stage >= stage || ahead <= 0 {
                known[window.key] = (window, previous.stage)
                continue
            }
            known[window.key] = (window, stage)
            // One that has begun before ccrd saw it (a restart inside it) is standing, not news.
            if ahead > 0 { notices.append(.maintenanceScheduled(window, stage: stage, startsInSeconds: ahead / 1000)) }
        }
        for (key, entry) in known where !seen.contains(key) {
            known[key] = nil
            if entry.notice.period.end > now && entry.notice.period.start > now {
                notices.append(.maintenanceCancelled(entry.notice))
            }
        }
        return notices
    }

    /// Windows announced and not over, oldest first.
    var standing: [MaintenanceNotice] {
        known.values.map(\.notice).sorted { $0.period.start < $1.period.start }
    }
}
