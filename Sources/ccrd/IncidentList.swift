import ArgumentParser
import CCRCore
import CCRServer
import CCRStore

/// `ccrd incident list [--month YYYY-MM]`: the month's incidents, their deadlines and outcome.
struct IncidentList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List a month's incidents.")

    @OptionGroup var options: ConfigOptions
    @Option(help: "The calendar month, YYYY-MM (default: the current one).") var month: String?

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let now = WallTime.now
        let month = self.month ?? ServiceLevelReport.currentMonth(now: now, zone: configuration.sla.zone)
        let period: Period
        do {
            period = try ServiceLevelReport.period(month: month, zone: configuration.sla.zone)
        } catch {
            throw ConfigOptions.usage("--month: \(error.description)")
        }
        for incident in try store.incidents(openedIn: period) { print(Self.line(IncidentResponse(incident, now: now))) }
    }

    /// `id  priority  component  opened  closed  due  acknowledged  outcome  summary`.
    static func line(_ incident: IncidentResponse) -> String {
        [
            incident.id.map(String.init) ?? "-", incident.priority, incident.component, incident.openedAt, incident.closedAt ?? "open",
            "due \(incident.deadline ?? "-")", incident.acknowledgedAt.map { "taken \($0)" } ?? "not taken", incident.outcome, incident.summary,
        ].joined(separator: "\t")
    }
}
