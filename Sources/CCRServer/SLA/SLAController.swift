import CCRCore
import CCRStore
import Hummingbird
import Logging

/// `GET /v1/sla?month=YYYY-MM` (admins): the month's service level (`ServiceLevelReport`); the
/// current month, so far, without `month`.
struct SLAController {
    typealias Context = APIRequestContext
    let history: any ServiceRunHistory
    let maintenance: any MaintenanceSchedule
    let incidents: any IncidentLog
    let settings: Configuration.SLASettings

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.group().add(middleware: RoleRequirement(.admin)).get(use: report)
        return routes
    }

    @Sendable func report(request: Request, context: Context) async throws -> ServiceLevelReport {
        let now = WallTime.now
        let month = request.uri.queryParameters["month"].map(String.init) ?? ServiceLevelReport.currentMonth(now: now, zone: settings.zone)
        do {
            let span = try ServiceLevelReport.runsNeeded(month: month, settings: settings, now: now)
            let (history, maintenance) = (self.history, self.maintenance)
            let incidents = self.incidents
            let (runs, announced, opened, hours) = try await APIError.whenStoreFails(log: "the service-level report could not read the runs") {
                () throws(StoreError) in
                (
                    try history.serviceRuns(overlapping: span), try maintenance.maintenanceWindows(overlapping: span, includingCancelled: false),
                    try incidents.incidents(openedIn: span), try history.latencyHours(in: span)
                )
            }
            return try ServiceLevelReport.make(
                month: month, settings: settings, runs: runs, announced: announced, incidents: opened, latency: hours, now: now)
        } catch let refusal as ServiceLevelReport.Refusal {
            throw APIError.badRequest(refusal.description)
        }
    }
}
