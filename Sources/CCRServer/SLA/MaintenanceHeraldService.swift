import CCRCore
import CCRStore
import Logging
import ServiceLifecycle

/// Runs the `MaintenanceHerald` every `interval`: reads the weekly window and the announced
/// ones for the next 24 h, sends its notices on the live channel and keeps the hub's standing
/// list (what a new client's snapshot carries) up to date. A round whose read fails is skipped.
struct MaintenanceHeraldService: Service {
    let schedule: any MaintenanceSchedule
    let weekly: WeeklyWindow?
    let hub: LiveHub
    let interval: Duration
    let logger: Logger

    func run() async throws {
        await cancelWhenGracefulShutdown {
            var herald = MaintenanceHerald()
            while !Task.isCancelled {
                let now = WallTime.now
                if let windows = windows(now: now) {
                    for notice in herald.round(windows, now: now) {
                        hub.announce(notice)
                        if case .maintenanceScheduled(let window, let stage, let seconds) = notice {
                            logger.notice(
                                "maintenance announced to live clients",
                                metadata: ["maintenance.window": "\(window.key)", "maintenance.stage": "\(stage.rawValue)", "maintenance.startsIn": "\(seconds)s"])
                        }
                    }
                    hub.setStandingMaintenance(herald.standing)
                }
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// The windows over the next 24 h; nil when the database cannot be read.
    func windows(now: WallTime) -> [MaintenanceNotice]? {
        let horizon = MaintenanceHerald.horizon(now: now)
        let announced: [MaintenanceWindow]
        do {
            announced = try schedule.maintenanceWindows(overlapping: horizon, includingCancelled: false)
        } catch {
            return nil
        }
        let weeklies = (weekly?.occurrences(overlapping: horizon) ?? []).map(MaintenanceNotice.init(weekly:))
        return weeklies + announced.compactMap { window in window.id.map { MaintenanceNotice(announced: $0, period: window.period, reason: window.reason) } }
    }
}
