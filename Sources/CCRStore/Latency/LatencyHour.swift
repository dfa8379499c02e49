import Foundation
import GRDB

/// One hour of one route's response times: the recorded values of an HDR histogram (in
/// microseconds, each the representative of its bucket) and how many requests fell in each,
/// so a 7-day report survives restarts. `buckets` is JSON: `[[value, count], …]`.
public struct LatencyHour: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "latency_hour"

    /// Start of the UTC hour, milliseconds since 1970.
    public var hourStart: Int64
    /// `GET /v1/calls/{id}` and the like: the method and the route's template.
    public var route: String
    public var count: Int64
    public var buckets: String

    public init(hourStart: Int64, route: String, count: Int64, buckets: String) {
        self.hourStart = hourStart
        self.route = route
        self.count = count
        self.buckets = buckets
    }

    /// The (value, count) pairs of `buckets`; empty when it does not parse.
    public var pairs: [(value: UInt64, count: UInt64)] {
        guard let data = buckets.data(using: .utf8), let decoded = try? JSONDecoder().decode([[UInt64]].self, from: data) else { return [] }
        return decoded.compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
    }

    public static func encode(_ pairs: [(value: UInt64, count: UInt64)]) -> String {
        "[" + pairs.map { "[\($0.value),\($0.count)]" }.joined(separator: ",") + "]"
    }
}
