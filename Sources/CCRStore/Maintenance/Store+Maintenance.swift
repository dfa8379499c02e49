import CCRCore
import GRDB

/// Announced maintenance windows (`maintenance_window`).
extension Store {
    /// What cancelling a window came to.
    public enum MaintenanceCancellation: Sendable, Equatable {
        case cancelled(MaintenanceWindow)
        case noSuchWindow
        /// It has begun (or is over): time already excluded stays excluded.
        case alreadyBegun(MaintenanceWindow)
        case alreadyCancelled(MaintenanceWindow)
    }

    /// Records an announced window; the window with its id.
    public func announceMaintenance(_ window: MaintenanceWindow) throws(StoreError) -> MaintenanceWindow {
        try write("announce maintenance") { db in
            var stored = window
            try stored.insert(db)
            return stored
        }
    }

    /// The windows that overlap `period`, in start order; cancelled ones only when asked.
    public func maintenanceWindows(overlapping period: Period, includingCancelled: Bool = false) throws(StoreError) -> [MaintenanceWindow] {
        try read("list maintenance") { db in
            try MaintenanceWindow.fetchAll(
                db,
                sql: """
                    SELECT * FROM maintenance_window WHERE startAt < ? AND endAt > ? \(includingCancelled ? "" : "AND cancelledAt IS NULL")
                    ORDER BY startAt, id
                    """,
                arguments: [period.end.milliseconds, period.start.milliseconds])
        }
    }

    /// Cancels a window that has not begun.
    public func cancelMaintenance(id: Int64, now: WallTime) throws(StoreError) -> MaintenanceCancellation {
        try write("cancel maintenance") { db in
            guard var window = try MaintenanceWindow.fetchOne(db, key: id) else { return .noSuchWindow }
            if window.cancelledAt != nil { return .alreadyCancelled(window) }
            if window.startAt <= now.milliseconds { return .alreadyBegun(window) }
            window.cancelledAt = now.milliseconds
            try window.update(db)
            return .cancelled(window)
        }
    }
}
