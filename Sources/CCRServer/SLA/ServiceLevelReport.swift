import CCRCore
import CCRStore
import Hummingbird

/// A calendar month's service level as the contract measures it, from ccrd's own record of
/// its runs: availability against the target, excluding the maintenance windows, with every
/// outage (crash or stop) and window listed, and the rolling 30 days beside it.
/// `GET /v1/sla?month=YYYY-MM` and `ccrd sla report` give the same JSON.
public struct ServiceLevelReport: ResponseEncodable, Sendable {
    /// Availability over one stretch of time.
    public struct Figures: Encodable, Sendable {
        public var from: String
        public var to: String
        /// nil when nothing counts (the stretch is all maintenance, or empty).
        public var availabilityPercent: Double?
        public var targetPercent: Double
        public var met: Bool?
        public var countedMinutes: Double
        public var downtimeMinutes: Double
        public var excludedMinutes: Double

        init(_ availability: Availability, target: Double) {
            from = availability.period.start.description
            to = availability.period.end.description
            availabilityPercent = availability.ratio.map { $0 * 100 }
            targetPercent = target
            met = availabilityPercent.map { $0 >= target }
            countedMinutes = Double(availability.countedMilliseconds) / 60_000
            downtimeMinutes = Double(availability.downtimeMilliseconds) / 60_000
            excludedMinutes = Double(availability.excludedMilliseconds) / 60_000
        }
    }

    /// A time ccrd was not running.
    public struct OutageEntry: Encodable, Sendable {
        public var start: String
        public var end: String
        public var seconds: Double
        /// `crash` (killed or crashed: from its last heartbeat) or `stop` (a clean stop).
        public var cause: String
        /// The part inside maintenance windows, which does not count.
        public var excludedSeconds: Double
        /// Still down at the report's end.
        public var ongoing: Bool
    }

    /// A maintenance window that overlaps the month.
    public struct WindowEntry: Encodable, Sendable {
        public var start: String
        public var end: String
        /// `weekly` (the configured recurring window) or `announced`.
        public var kind: String
        public var reason: String?
    }

    public var month: String
    public var zone: String
    /// Whether the month is over (else the figures run to the report's time).
    public var complete: Bool
    public var heartbeatIntervalSeconds: Double
    public var availability: Figures
    public var rolling30Days: Figures
    public var outages: [OutageEntry]
    public var maintenance: [WindowEntry]
    /// The month's incidents against the contract's deadlines, and each one.
    public var incidents: IncidentFigures
    public var incidentList: [IncidentResponse]
    /// The API's response times against 500 ms (p98) and 1 s (p99).
    public var latency: LatencyFigures

    /// Why a report cannot be made.
    public enum Refusal: Error, Equatable, CustomStringConvertible {
        case badMonth(String)
        case futureMonth(String)

        public var description: String {
            switch self {
            case .badMonth(let text): "month must be YYYY-MM (2000-01 to 9999-12), not '\(text)'"
            case .futureMonth(let text): "month \(text) has not begun"
            }
        }
    }

    /// `YYYY-MM` as (year, month).
    public static func month(_ text: String) throws(Refusal) -> (year: Int, month: Int) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0 >= "0" && $0 <= "9" } }),
            let year = Int(parts[0]), let month = Int(parts[1]), (2000...9999).contains(year), (1...12).contains(month)
        else { throw .badMonth(String(text.prefix(40))) }
        return (year, month)
    }

    /// `YYYY-MM` as the calendar month on `zone`'s clocks.
    public static func period(month text: String, zone: ZoneRule) throws(Refusal) -> Period {
        let (year, number) = try month(text)
        return zone.month(year: year, month: number)
    }

    /// The month that contains `now` on `zone`'s clocks, as `YYYY-MM`.
    public static func currentMonth(now: WallTime, zone: ZoneRule) -> String {
        let date = zone.local(now).date
        return String(CivilDate(year: date.year, month: date.month, day: 1).description.prefix(7))
    }

    /// The runs the report for `month` at `now` needs: those overlapping the month and the
    /// 30 days before `now`.
    public static func runsNeeded(month text: String, settings: Configuration.SLASettings, now: WallTime) throws(Refusal) -> Period {
        let (year, number) = try month(text)
        let whole = settings.zone.month(year: year, month: number)
        guard whole.start <= now else { throw .futureMonth(text) }
        return Period(start: min(whole.start, now.adding(seconds: -30 * 86_400)), end: now)
    }

    /// The report for `month` (`YYYY-MM`) at `now`, from `runs` and the `announced` maintenance
    /// windows (those over the span `runsNeeded` names).
    public static func make(
        month text: String, settings: Configuration.SLASettings, runs: [ServiceRun], announced: [MaintenanceWindow] = [],
        incidents: [Incident] = [], latency: [LatencyHour] = [], now: WallTime
    ) throws(Refusal) -> ServiceLevelReport {
        let (year, number) = try month(text)
        let whole = settings.zone.month(year: year, month: number)
        guard whole.start <= now else { throw .futureMonth(text) }
        let month = Period(start: whole.start, end: min(whole.end, now))
        let rolling = Period(start: now.adding(seconds: -30 * 86_400), end: now)
        let heartbeat = settings.heartbeatInterval.components.seconds * 1000 + settings.heartbeatInterval.components.attoseconds / 1_000_000_000_000_000
        let outages = Outage.between(
            runs.map { ServiceRunSpan(started: $0.started, ended: $0.endedAt, cleanStop: $0.stoppedAt != nil) }, now: now,
            staleAfter: 3 * heartbeat + 1000)
        let live = announced.filter { $0.cancelledAt == nil }
        func windows(_ period: Period) -> [Period] {
            (settings.weeklyMaintenance?.occurrences(overlapping: period) ?? []) + live.map(\.period).filter { $0.overlaps(period) }
        }
        let monthWindows = windows(month)
        // Unavailable: ccrd not running, or an essential component down (a P1 incident of a
        // component is open; a crash's P1 is the outage itself).
        let componentsDown = incidents.filter { $0.priority == .p1 && $0.component != Incident.processComponent }.map {
            Period(start: WallTime(milliseconds: $0.openedAt), end: WallTime(milliseconds: $0.closedAt ?? now.milliseconds))
        }
        let downtime = outages.map(\.period) + componentsDown
        let figures = Availability(period: month, downtime: downtime, maintenance: monthWindows)
        let rollingFigures = Availability(period: rolling, downtime: downtime, maintenance: windows(rolling))
        let entries = outages.filter { $0.period.overlaps(month) }.map { outage in
            let inside = outage.period.clipped(to: month)
            let excluded = Period.milliseconds(of: monthWindows.map { $0.clipped(to: inside) })
            return OutageEntry(
                start: outage.period.start.description, end: outage.period.end.description, seconds: Double(outage.period.milliseconds) / 1000,
                cause: outage.afterCleanStop ? "stop" : "crash", excludedSeconds: Double(excluded) / 1000, ongoing: outage.period.end == now)
        }
        let monthIncidents = incidents.filter { month.contains(WallTime(milliseconds: $0.openedAt)) }
        return ServiceLevelReport(
            month: text, zone: settings.zoneName, complete: whole.end <= now, heartbeatIntervalSeconds: Double(heartbeat) / 1000,
            availability: Figures(figures, target: settings.availabilityTarget),
            rolling30Days: Figures(rollingFigures, target: settings.availabilityTarget), outages: entries,
            maintenance: Self.entries(weekly: settings.weeklyMaintenance?.occurrences(overlapping: month) ?? [], announced: live.filter { $0.period.overlaps(month) }),
            incidents: IncidentFigures(monthIncidents, contract: settings.incidents, now: now),
            incidentList: monthIncidents.map { IncidentResponse($0, now: now) },
            latency: LatencyFigures(hours: latency, month: month, now: now))
    }

    /// The month's windows in start order.
    static func entries(weekly: [Period], announced: [MaintenanceWindow]) -> [WindowEntry] {
        var all: [(start: WallTime, entry: WindowEntry)] = weekly.map {
            ($0.start, WindowEntry(start: $0.start.description, end: $0.end.description, kind: "weekly", reason: nil))
        }
        for window in announced {
            let period = window.period
            all.append((period.start, WindowEntry(start: period.start.description, end: period.end.description, kind: "announced", reason: window.reason)))
        }
        all.sort { (first: (start: WallTime, entry: WindowEntry), second: (start: WallTime, entry: WindowEntry)) -> Bool in first.start < second.start }
        return all.map(\.entry)
    }

    /// The report for people: the figures, then each outage.
    public var table: String {
        func percent(_ value: Double?) -> String {
            guard let value else { return "-" }
            let scaled = (value * 1000).rounded() / 1000
            return "\(scaled) %"
        }
        func minutes(_ value: Double) -> String { "\((value * 10).rounded() / 10) min" }
        var lines = [
            "ccrd service level, \(month) (\(zone))\(complete ? "" : ", so far: to \(availability.to)")",
            "availability     \(percent(availability.availabilityPercent))  target \(percent(availability.targetPercent))  \(availability.met.map { $0 ? "met" : "NOT MET" } ?? "-")",
            "downtime         \(minutes(availability.downtimeMinutes))  in \(outages.count) outage\(outages.count == 1 ? "" : "s") (\(outages.filter { $0.cause == "crash" }.count) crash, \(outages.filter { $0.cause == "stop" }.count) stop)",
            "maintenance      \(minutes(availability.excludedMinutes)) excluded, \(maintenance.count) window\(maintenance.count == 1 ? "" : "s")",
            "rolling 30 days  \(percent(rolling30Days.availabilityPercent))  downtime \(minutes(rolling30Days.downtimeMinutes))",
        ]
        let decided = incidents.withinTargetPercent.map { "\(percent($0)) in time, objective \(percent(incidents.objectivePercent)) \(incidents.objectiveMet == true ? "met" : "NOT MET")" } ?? "none decided"
        lines.append(
            "incidents        \(incidentList.count) (\(incidents.byPriority.map { "\($0.priority) \($0.count)" }.joined(separator: ", "))); \(decided); contract \(incidents.contract)")
        func ms(_ value: Double?) -> String { value.map { "\(($0 * 10).rounded() / 10) ms" } ?? "-" }
        let week = latency.last7Days
        lines.append(
            "latency 7 days   \(week.requests) requests, p98 \(ms(week.p98Ms)) (target 500 ms \(week.p98Met.map { $0 ? "met" : "NOT MET" } ?? "-")), p99 \(ms(week.p99Ms)) (target 1 s \(week.p99Met.map { $0 ? "met" : "NOT MET" } ?? "-"))")
        if !outages.isEmpty { lines.append("outages:") }
        for outage in outages {
            lines.append("  \(outage.start)  \(outage.end)  \((outage.seconds * 10).rounded() / 10) s  \(outage.cause)\(outage.excludedSeconds > 0 ? "  (\((outage.excludedSeconds * 10).rounded() / 10) s in maintenance)" : "")\(outage.ongoing ? "  ongoing" : "")")
        }
        if !incidentList.isEmpty { lines.append("incidents:") }
        for incident in incidentList {
            lines.append("  #\(incident.id.map(String.init) ?? "-") \(incident.priority) \(incident.component)  opened \(incident.openedAt)  due \(incident.deadline ?? "-")  \(incident.outcome)\(incident.closedAt == nil ? "  open" : "")")
        }
        return lines.joined(separator: "\n")
    }
}
