import CCRCore
import GRDB

/// Response times per route and hour (`latency_hour`).
extension Store {
    /// Adds `pairs` (value, count) to the route's histogram of the hour starting at `hourStart`.
    public func addLatency(hourStart: WallTime, route: String, pairs: [(value: UInt64, count: UInt64)]) throws(StoreError) {
        guard !pairs.isEmpty else { return }
        try write("add latency") { db in
            var merged: [UInt64: UInt64] = [:]
            if let existing = try LatencyHour.fetchOne(db, key: ["hourStart": hourStart.milliseconds, "route": route]) {
                for pair in existing.pairs { merged[pair.value, default: 0] += pair.count }
            }
            for pair in pairs { merged[pair.value, default: 0] += pair.count }
            let sorted = merged.sorted { $0.key < $1.key }.map { (value: $0.key, count: $0.value) }
            let total = sorted.reduce(UInt64(0)) { $0 + $1.count }
            try LatencyHour(hourStart: hourStart.milliseconds, route: route, count: Int64(clamping: total), buckets: LatencyHour.encode(sorted))
                .save(db)
        }
    }

    /// The hours that start within `period`, oldest first.
    public func latencyHours(in period: Period) throws(StoreError) -> [LatencyHour] {
        try read("list latency") { db in
            try LatencyHour.fetchAll(
                db, sql: "SELECT * FROM latency_hour WHERE hourStart >= ? AND hourStart < ? ORDER BY hourStart, route",
                arguments: [period.start.milliseconds, period.end.milliseconds])
        }
    }

    /// Deletes the hours that start before `cutoff`; how many.
    @discardableResult
    public func purgeLatency(before cutoff: WallTime) throws(StoreError) -> Int {
        try write("purge latency") { db in
            try db.execute(sql: "DELETE FROM latency_hour WHERE hourStart < ?", arguments: [cutoff.milliseconds])
            return db.changesCount
        }
    }
}
