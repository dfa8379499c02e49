import CCRCore
import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// `/v1/maintenance` (admins): announce a maintenance window (`POST`), list them (`GET
/// ?from=&to=`, by default the last 30 days and everything ahead), cancel one that has not
/// begun (`DELETE /{id}`). Time inside a window is excluded from availability.
struct MaintenanceController {
    typealias Context = APIRequestContext
    let schedule: any MaintenanceSchedule
    let weekly: WeeklyWindow?

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let admin = routes.group().add(middleware: RoleRequirement(.admin))
        admin.get(use: list)
        admin.post(use: announce)
        admin.delete(":id", use: cancel)
        return routes
    }

    @Sendable func list(request: Request, context: Context) async throws -> MaintenanceListResponse {
        let now = WallTime.now
        func time(_ name: String, default value: WallTime) throws(APIError) -> WallTime {
            guard let text = request.uri.queryParameters[Substring(name)].map(String.init) else { return value }
            guard let date = CallFilter.time(text) else { throw .badRequest("\(name) must be a time (ISO 8601, YYYY-MM-DD or Unix seconds)") }
            return WallTime(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        let period = Period(
            start: try time("from", default: now.adding(seconds: -30 * 86_400)), end: try time("to", default: now.adding(seconds: 400 * 86_400)))
        let schedule = self.schedule
        let windows = try await APIError.whenStoreFails { () throws(StoreError) in
            try schedule.maintenanceWindows(overlapping: period, includingCancelled: true)
        }
        return MaintenanceListResponse(windows: windows.map(MaintenanceWindowResponse.init), weekly: weekly.map(Self.describe))
    }

    @Sendable func announce(request: Request, context: Context) async throws -> EditedResponse<MaintenanceWindowResponse> {
        let principal = try context.requireIdentity()
        let body = try await request.decode(as: MaintenanceAnnouncement.self, context: context)
        let window = try body.window(now: WallTime.now, by: "token:\(principal.tokenId)")
        let schedule = self.schedule
        let stored = try await APIError.whenStoreFails { () throws(StoreError) in try schedule.announceMaintenance(window) }
        context.logger.notice(
            "maintenance window announced",
            metadata: ["maintenance.id": "\(stored.id ?? 0)", "maintenance.start": "\(body.start)", "maintenance.end": "\(body.end)"])
        return EditedResponse(status: .created, response: MaintenanceWindowResponse(stored))
    }

    @Sendable func cancel(request: Request, context: Context) async throws -> MaintenanceWindowResponse {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw APIError.notFound("no maintenance window '\(text.prefix(40))'") }
        let schedule = self.schedule
        let outcome = try await APIError.whenStoreFails { () throws(StoreError) in try schedule.cancelMaintenance(id: id, now: WallTime.now) }
        switch outcome {
        case .cancelled(let window):
            return MaintenanceWindowResponse(window)
        case .noSuchWindow:
            throw APIError.notFound("no maintenance window \(id)")
        case .alreadyBegun:
            throw APIError(.conflict, code: "maintenance_begun", message: "maintenance window \(id) has begun; it cannot be cancelled")
        case .alreadyCancelled:
            throw APIError(.conflict, code: "maintenance_cancelled", message: "maintenance window \(id) is already cancelled")
        }
    }

    /// "thursday 06:00-08:00 (+01:00)".
    static func describe(_ window: WeeklyWindow) -> String {
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        func clock(_ seconds: Int) -> String {
            let (h, m) = (seconds / 3600, seconds / 60 % 60)
            return "\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m)"
        }
        let zone: String
        switch window.zone {
        case .fixed(let offset):
            zone = "UTC\(offset < 0 ? "-" : "+")\(clock(abs(offset)))"
        case .europeanSummerTime(let standard):
            zone = "EU summer time, standard UTC+\(clock(standard))"
        }
        return "\(days[max(0, min(6, window.weekday - 1))]) \(clock(window.start))-\(clock(window.end)) (\(zone))"
    }
}
