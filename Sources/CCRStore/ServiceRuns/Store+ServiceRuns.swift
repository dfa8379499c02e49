import CCRCore
import GRDB

/// The runs of ccrd and their heartbeats (`service_run`).
extension Store {
    /// Records that ccrd started at `now`; the run's id.
    public func beginRun(at now: WallTime) throws(StoreError) -> Int64 {
        try write("begin run") { db in
            try db.execute(sql: "INSERT INTO service_run (startedAt, heartbeatAt) VALUES (?, ?)", arguments: [now.milliseconds, now.milliseconds])
            return db.lastInsertedRowID
        }
    }

    /// Writes the run's heartbeat and reads it back: the health loop's database probe. Fails
    /// when the database cannot be written or read, or gives back another value.
    public func heartbeat(run: Int64, at now: WallTime) throws(StoreError) {
        try write("heartbeat") { db in
            try db.execute(sql: "UPDATE service_run SET heartbeatAt = ? WHERE id = ?", arguments: [now.milliseconds, run])
        }
        let stored = try read("heartbeat read-back") { db in
            try Int64.fetchOne(db, sql: "SELECT heartbeatAt FROM service_run WHERE id = ?", arguments: [run])
        }
        guard stored == now.milliseconds else {
            throw .rejected(operation: "heartbeat", reason: "the heartbeat read back is not the one written")
        }
    }

    /// Records a clean stop.
    public func endRun(_ run: Int64, at now: WallTime) throws(StoreError) {
        try write("end run") { db in
            try db.execute(sql: "UPDATE service_run SET heartbeatAt = ?, stoppedAt = ? WHERE id = ?", arguments: [now.milliseconds, now.milliseconds, run])
        }
    }

    /// The latest run recorded (the previous one, before this run begins).
    public func latestRun() throws(StoreError) -> ServiceRun? {
        try read("latest run") { db in
            try ServiceRun.fetchOne(db, sql: "SELECT * FROM service_run ORDER BY startedAt DESC, id DESC LIMIT 1")
        }
    }

    /// The runs that overlap `period`, with the one just before it (its end starts the first
    /// downtime), in start order.
    public func serviceRuns(overlapping period: Period) throws(StoreError) -> [ServiceRun] {
        try read("list runs") { db in
            let previous = try ServiceRun.fetchOne(
                db, sql: "SELECT * FROM service_run WHERE startedAt < ? ORDER BY startedAt DESC LIMIT 1", arguments: [period.start.milliseconds])
            let inside = try ServiceRun.fetchAll(
                db, sql: "SELECT * FROM service_run WHERE startedAt >= ? AND startedAt < ? ORDER BY startedAt", arguments: [period.start.milliseconds, period.end.milliseconds])
            return (previous.map { [$0] } ?? []) + inside
        }
    }
}
