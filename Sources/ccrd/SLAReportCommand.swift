import ArgumentParser
import CCRCore
import CCRServer
import CCRStore
import Foundation

/// `ccrd sla report [--month YYYY-MM] [--format table|json]`: a month's availability against
/// the target, its outages and maintenance windows, as `GET /v1/sla` answers it.
struct SLAReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Print a month's service level.")

    /// `table` for people, `json` as the API answers.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @OptionGroup var options: ConfigOptions
    @Option(help: "The calendar month, YYYY-MM (default: the current one, so far).") var month: String?
    @Option(help: "table or json.") var format: Format = .table

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let now = WallTime.now
        let month = self.month ?? ServiceLevelReport.currentMonth(now: now, zone: configuration.sla.zone)
        let report: ServiceLevelReport
        do {
            let span = try ServiceLevelReport.runsNeeded(month: month, settings: configuration.sla, now: now)
            report = try ServiceLevelReport.make(
                month: month, settings: configuration.sla, runs: try store.serviceRuns(overlapping: span),
                announced: try store.maintenanceWindows(overlapping: span), incidents: try store.incidents(openedIn: span),
                latency: try store.latencyHours(in: span), now: now)
        } catch let refusal as ServiceLevelReport.Refusal {
            throw ConfigOptions.usage("--month: \(refusal.description)")
        }
        switch format {
        case .table:
            print(report.table)
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        }
    }
}
