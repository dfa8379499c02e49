import CCRCore
import CCRStore
import Histogram

/// The API's response times against the contract (98 % under 500 ms, 99 % under 1 s per 7-day
/// period): the month in 7-day periods from its first day (the last one may be shorter), the
/// last 7 days, and each route over the month, from the hourly histograms in the state database.
public struct LatencyFigures: Encodable, Sendable {
    /// Percentiles over a stretch of time; nil without requests.
    public struct Stretch: Encodable, Sendable {
        public var from: String
        public var to: String
        public var requests: UInt64
        public var p50Ms: Double?
        public var p98Ms: Double?
        public var p99Ms: Double?
        public var p98Met: Bool?
        public var p99Met: Bool?
    }

    public struct Route: Encodable, Sendable {
        public var route: String
        public var requests: UInt64
        public var p50Ms: Double?
        public var p98Ms: Double?
        public var p99Ms: Double?
    }

    public var p98TargetMs = 500.0
    public var p99TargetMs = 1000.0
    public var periods: [Stretch]
    public var last7Days: Stretch
    /// Busiest first.
    public var routes: [Route]

    init(hours: [LatencyHour], month: Period, now: WallTime) {
        func histogram(_ rows: [LatencyHour]) -> Histogram<UInt64> {
            LatencyBook.histogram(rows.flatMap(\.pairs))
        }
        func milliseconds(_ histogram: Histogram<UInt64>, _ percentile: Double) -> Double? {
            histogram.totalCount == 0 ? nil : Double(histogram.valueAtPercentile(percentile)) / 1000
        }
        func stretch(_ period: Period) -> Stretch {
            let inside = hours.filter { period.contains(WallTime(milliseconds: $0.hourStart)) }
            let merged = histogram(inside)
            let (p98, p99) = (milliseconds(merged, 98), milliseconds(merged, 99))
            return Stretch(
                from: period.start.description, to: period.end.description, requests: merged.totalCount, p50Ms: milliseconds(merged, 50),
                p98Ms: p98, p99Ms: p99, p98Met: p98.map { $0 < 500 }, p99Met: p99.map { $0 < 1000 })
        }
        var periods: [Stretch] = []
        var start = month.start
        while start < month.end {
            let end = min(month.end, start.adding(seconds: 7 * 86_400))
            periods.append(stretch(Period(start: start, end: end)))
            start = end
        }
        self.periods = periods
        // The hour that holds `now - 7 days` counts whole.
        let weekAgo = now.adding(seconds: -7 * 86_400)
        last7Days = stretch(Period(start: weekAgo.adding(milliseconds: -(((weekAgo.milliseconds % 3_600_000) + 3_600_000) % 3_600_000)), end: now.adding(seconds: 1)))
        let monthRows = hours.filter { month.contains(WallTime(milliseconds: $0.hourStart)) }
        routes = Dictionary(grouping: monthRows, by: \.route).map { route, rows in
            let merged = histogram(rows)
            return Route(route: route, requests: merged.totalCount, p50Ms: milliseconds(merged, 50), p98Ms: milliseconds(merged, 98), p99Ms: milliseconds(merged, 99))
        }.sorted { $0.requests != $1.requests ? $0.requests > $1.requests : $0.route < $1.route }
    }
}
