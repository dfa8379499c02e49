import CCRCore
import Foundation
import GRDB

/// An alert a call raised, kept for the alerts retention period (it may outlive its call row,
/// so it carries the call's agent, team and caller for erasure and export).
public struct StoredAlert: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "callAlert"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .millisecondsSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .millisecondsSince1970 }

    public var callId: String
    public var id: String
    public var agentId: String
    public var team: String?
    public var callerNumber: String?
    public var rule: String
    public var metric: String
    public var severity: String
    public var condition: String
    public var value: Double
    /// Media time, seconds from the start of the call.
    public var raisedAt: Double
    public var clearedAt: Double?
    /// Wall-clock time it was raised (call start + `raisedAt`); retention counts from it.
    public var at: Date

    public init(_ alert: Alert, agentId: String, team: String?, callerNumber: String?, callStartedAt: Date) {
        callId = alert.callId
        id = alert.id
        self.agentId = agentId
        self.team = team
        self.callerNumber = callerNumber
        rule = alert.rule
        metric = alert.metric.rawValue
        severity = alert.severity.rawValue
        condition = alert.condition
        value = alert.value
        raisedAt = alert.raisedAt
        clearedAt = alert.clearedAt
        at = callStartedAt.addingTimeInterval(alert.raisedAt)
    }

    /// The table's columns, in table order.
    public enum Columns: Int, RecordColumns {
        case callId, id, agentId, team, callerNumber, rule, metric, severity, condition, value, raisedAt, clearedAt, at
    }

    static let upsertSQL = Columns.insertOrReplaceSQL(into: databaseTableName)

    /// The row's values in `Columns` order, bound to `upsertSQL` (`at` in milliseconds, as GRDB
    /// stores dates here).
    var arguments: StatementArguments {
        [
            callId, id, agentId, team, callerNumber, rule, metric, severity, condition, value, raisedAt, clearedAt,
            Int64((at.timeIntervalSince1970 * 1000).rounded()),
        ]
    }
}
