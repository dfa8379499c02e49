import CCRStore
import Histogram
import NIOConcurrencyHelpers

/// Response times of the HTTP API since the health loop last wrote them, one HDR histogram
/// (microseconds, two significant digits) per route. At most `maxRoutes` routes: requests of
/// methods or routes beyond go to `OTHER`, so a hostile client cannot grow it.
public final class LatencyBook: Sendable {
    private let histograms = NIOLockedValueBox<[String: Histogram<UInt64>]>([:])
    static let maxRoutes = 200
    static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

    public init() {}

    static func empty() -> Histogram<UInt64> {
        var histogram = Histogram<UInt64>(lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .two)
        histogram.autoResize = true
        return histogram
    }

    /// The route's name: `GET /v1/calls/{id}`, `GET unmatched`, or `OTHER`.
    static func route(method: String, path: String?) -> String {
        guard methods.contains(method) else { return "OTHER" }
        return "\(method) \(path ?? "unmatched")"
    }

    public func record(route: String, microseconds: UInt64) {
        histograms.withLockedValue { all in
            let key = all[route] != nil || all.count < Self.maxRoutes ? route : "OTHER"
            if all[key] == nil { all[key] = Self.empty() }
            _ = all[key]?.record(max(1, microseconds))
        }
    }

    /// Takes what was recorded since the last time, as (value, count) pairs per route.
    public func drain() -> [String: [(value: UInt64, count: UInt64)]] {
        let taken = histograms.withLockedValue { all in
            defer { all = [:] }
            return all
        }
        return taken.mapValues { histogram in histogram.recordedValues().map { (value: $0.value, count: UInt64($0.count)) } }
    }

    /// Puts pairs back (their write failed), so they are written with the next ones.
    public func restore(_ drained: [String: [(value: UInt64, count: UInt64)]]) {
        histograms.withLockedValue { all in
            for (route, pairs) in drained {
                if all[route] == nil { all[route] = Self.empty() }
                for pair in pairs { _ = all[route]?.record(pair.value, count: pair.count) }
            }
        }
    }

    /// A histogram of pairs read back from the store.
    static func histogram(_ pairs: [(value: UInt64, count: UInt64)]) -> Histogram<UInt64> {
        var histogram = empty()
        for pair in pairs { _ = histogram.record(pair.value, count: pair.count) }
        return histogram
    }

    /// The value at `percentile` (0…100) of pairs, or nil without any.
    static func percentile(_ percentile: Double, of pairs: [(value: UInt64, count: UInt64)]) -> UInt64? {
        let histogram = histogram(pairs)
        return histogram.totalCount == 0 ? nil : histogram.valueAtPercentile(percentile)
    }
}
