import CCRCore
import GRDB

/// A maintenance window an admin announced beforehand (`POST /v1/maintenance`, `ccrd
/// maintenance add`): time inside it is excluded from availability, like the weekly window.
/// A cancelled window is kept (with its cancellation) but excludes nothing. Times are
/// milliseconds since 1970 UTC.
public struct MaintenanceWindow: Sendable, Equatable, Codable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "maintenance_window"

    public var id: Int64?
    public var startAt: Int64
    public var endAt: Int64
    public var reason: String
    public var createdAt: Int64
    /// Who announced it: `token:<id>`, or `cli` for the command line.
    public var createdBy: String
    public var cancelledAt: Int64?

    public init(start: WallTime, end: WallTime, reason: String, createdAt: WallTime, createdBy: String) {
        startAt = start.milliseconds
        endAt = end.milliseconds
        self.reason = reason
        self.createdAt = createdAt.milliseconds
        self.createdBy = createdBy
    }

    public var period: Period { Period(start: WallTime(milliseconds: startAt), end: WallTime(milliseconds: endAt)) }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
