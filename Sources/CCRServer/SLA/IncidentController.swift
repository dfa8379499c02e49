import CCRCore
import CCRStore
import Hummingbird
import HummingbirdAuth
import Logging

/// `/v1/incidents` (admins): the month's incidents with their deadlines and outcome (`GET
/// ?month=YYYY-MM`, the current month by default), and taking one in charge (`POST /{id}/ack`,
/// which admins on the live channel are told of).
struct IncidentController {
    typealias Context = APIRequestContext
    let log: any IncidentLog
    let settings: Configuration.SLASettings
    let hub: LiveHub?

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let admin = routes.group().add(middleware: RoleRequirement(.admin))
        admin.get(use: list)
        admin.post(":id/ack", use: acknowledge)
        return routes
    }

    struct List: ResponseEncodable {
        var month: String
        var incidents: [IncidentResponse]
    }

    @Sendable func list(request: Request, context: Context) async throws -> List {
        let now = WallTime.now
        let month = request.uri.queryParameters["month"].map(String.init) ?? ServiceLevelReport.currentMonth(now: now, zone: settings.zone)
        let period: Period
        do {
            period = try ServiceLevelReport.period(month: month, zone: settings.zone)
        } catch {
            throw APIError.badRequest(error.description)
        }
        let log = self.log
        let incidents = try await APIError.whenStoreFails { () throws(StoreError) in try log.incidents(openedIn: period) }
        return List(month: month, incidents: incidents.map { IncidentResponse($0, now: now) })
    }

    @Sendable func acknowledge(request: Request, context: Context) async throws -> IncidentResponse {
        let principal = try context.requireIdentity()
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw APIError.notFound("no incident '\(text.prefix(40))'") }
        let now = WallTime.now
        let log = self.log
        let outcome = try await APIError.whenStoreFails { () throws(StoreError) in
            try log.acknowledgeIncident(id: id, by: "token:\(principal.tokenId)", at: now)
        }
        switch outcome {
        case .acknowledged(let incident):
            context.logger.notice(
                "incident taken in charge", metadata: ["incident.id": "\(id)", "incident.outcome": "\(incident.outcome(now: now).rawValue)"])
            let response = IncidentResponse(incident, now: now)
            hub?.announce(.incidentAcknowledged(response))
            return response
        case .noSuchIncident:
            throw APIError.notFound("no incident \(id)")
        case .alreadyAcknowledged:
            throw APIError(.conflict, code: "incident_acknowledged", message: "incident \(id) is already taken in charge")
        }
    }
}
