import CCRCore
import CCRStore

/// Announced maintenance windows as the API keeps them (the state database).
public protocol MaintenanceSchedule: Sendable {
    func announceMaintenance(_ window: MaintenanceWindow) throws(StoreError) -> MaintenanceWindow
    func maintenanceWindows(overlapping period: Period, includingCancelled: Bool) throws(StoreError) -> [MaintenanceWindow]
    func cancelMaintenance(id: Int64, now: WallTime) throws(StoreError) -> Store.MaintenanceCancellation
}

extension Store: MaintenanceSchedule {}
