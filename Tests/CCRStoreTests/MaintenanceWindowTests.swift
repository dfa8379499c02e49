import CCRCore
import CCRStore
import Testing

@Suite("Announced maintenance windows in the store")
struct MaintenanceWindowTests {
    func window(_ start: Int64, _ end: Int64) -> MaintenanceWindow {
        MaintenanceWindow(start: WallTime(seconds: start), end: WallTime(seconds: end), reason: "upgrade", createdAt: WallTime(seconds: 0), createdBy: "cli")
    }

    @Test func windowsAreListedByOverlapAndCancelledOnlyBeforeTheyBegin() throws {
        let store = try Store.inMemory()
        let early = try store.announceMaintenance(window(100, 200))
        let late = try store.announceMaintenance(window(1000, 1100))
        #expect(early.id != nil && late.id != nil && early.id != late.id)
        let all = Period(start: WallTime(seconds: 0), end: WallTime(seconds: 5000))
        #expect(try store.maintenanceWindows(overlapping: all).map(\.id) == [early.id, late.id])
        #expect(try store.maintenanceWindows(overlapping: Period(start: WallTime(seconds: 150), end: WallTime(seconds: 160))).map(\.id) == [early.id])
        #expect(try store.maintenanceWindows(overlapping: Period(start: WallTime(seconds: 200), end: WallTime(seconds: 1000))).isEmpty)
        // At 150 the first has begun; the second can be cancelled once.
        let now = WallTime(seconds: 150)
        guard case .alreadyBegun = try store.cancelMaintenance(id: try #require(early.id), now: now) else { Issue.record("begun"); return }
        guard case .cancelled(let cancelled) = try store.cancelMaintenance(id: try #require(late.id), now: now) else { Issue.record("cancel"); return }
        #expect(cancelled.cancelledAt == now.milliseconds)
        guard case .alreadyCancelled = try store.cancelMaintenance(id: try #require(late.id), now: now) else { Issue.record("twice"); return }
        #expect(try store.cancelMaintenance(id: 999, now: now) == .noSuchWindow)
        // A cancelled window is listed only when asked for.
        #expect(try store.maintenanceWindows(overlapping: all).map(\.id) == [early.id])
        #expect(try store.maintenanceWindows(overlapping: all, includingCancelled: true).count == 2)
    }
}
