import CCRCore
import GRDB

/// One run of ccrd, from its start to its clean stop or its last heartbeat: what availability
/// is computed from after any restart or crash. Times are milliseconds since 1970 UTC.
public struct ServiceRun: Sendable, Equatable, Codable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "service_run"

    public var id: Int64
    public var startedAt: Int64
    /// The last heartbeat the health loop wrote (the start, until the first one).
    public var heartbeatAt: Int64
    /// Set when ccrd stopped cleanly; a run without it ended in a crash or a kill, at its last
    /// heartbeat.
    public var stoppedAt: Int64?

    /// When the run ended: its clean stop, else its last heartbeat.
    public var endedAt: WallTime { WallTime(milliseconds: stoppedAt ?? heartbeatAt) }
    public var started: WallTime { WallTime(milliseconds: startedAt) }
}
