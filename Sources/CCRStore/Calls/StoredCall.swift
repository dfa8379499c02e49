import CCRCore
import Foundation
import GRDB

/// A call as kept in the store: who, when, how it ended, its final score and summary.
///
/// A live call has a row too (state `live`), rewritten at every checkpoint, so a crash leaves
/// it with what was known; on the next start it is closed as `interrupted`.
public struct StoredCall: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "call"
    public static func databaseDateEncodingStrategy(for column: String) -> DatabaseDateEncodingStrategy { .millisecondsSince1970 }
    public static func databaseDateDecodingStrategy(for column: String) -> DatabaseDateDecodingStrategy { .millisecondsSince1970 }

    /// `live` while receiving, `ended` once finalized (or closed after a crash).
    public enum State: String, Sendable, Codable {
        case live
        case ended
    }

    public var id: String
    public var agentId: String
    public var team: String?
    /// The caller's number, when the gateway gave it.
    public var callerNumber: String?
    public var state: State
    /// api, idle, bye, newStream, shutdown, or interrupted (the daemon died while it was live).
    public var endReason: String?
    public var startedAt: Date
    public var endedAt: Date?
    public var durationSeconds: Double
    /// Media seconds analysed.
    public var mediaSeconds: Double
    /// Each leg's codec, e.g. "agent:opus customer:opus".
    public var codecs: String
    /// The final score (for a live or interrupted call: the cumulative score of the last window).
    public var score: Double?
    /// Which scorecard made `score`.
    public var scorecardVersion: String?
    /// Why the score is what it is, criterion by criterion.
    public var scoreDetail: [Scorecard.CriterionResult]?
    public var summary: StoredSummary?
    public var alertCount: Int
    /// When the row was last written.
    public var checkpointedAt: Date

    public init(
        id: String, agentId: String, team: String?, callerNumber: String?, state: State, endReason: String?,
        startedAt: Date, endedAt: Date?, durationSeconds: Double, mediaSeconds: Double, codecs: String,
        score: Double?, scorecardVersion: String?, scoreDetail: [Scorecard.CriterionResult]?, summary: StoredSummary?,
        alertCount: Int, checkpointedAt: Date
    ) {
        self.id = id
        self.agentId = agentId
        self.team = team
        self.callerNumber = callerNumber
        self.state = state
        self.endReason = endReason
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.mediaSeconds = mediaSeconds
        self.codecs = codecs
        self.score = score
        self.scorecardVersion = scorecardVersion
        self.scoreDetail = scoreDetail
        self.summary = summary
        self.alertCount = alertCount
        self.checkpointedAt = checkpointedAt
    }

    /// The table's columns, in table order.
    public enum Columns: Int, RecordColumns {
        case id, agentId, team, callerNumber, state, endReason, startedAt, endedAt, durationSeconds, mediaSeconds, codecs,
            score, scorecardVersion, scoreDetail, summary, alertCount, checkpointedAt
    }

    /// An upsert, not INSERT OR REPLACE: replacing the row would cascade-delete its timeline.
    static let upsertSQL = Columns.upsertSQL(into: databaseTableName, key: .id)

    /// The row's values in `Columns` order, bound to `upsertSQL`: times as GRDB stores them,
    /// JSON columns as text.
    func arguments(json: JSONEncoder) throws -> StatementArguments {
        func text(_ value: some Encodable) throws -> String { String(decoding: try json.encode(value), as: UTF8.self) }
        return [
            id, agentId, team, callerNumber, state.rawValue, endReason, Store.milliseconds(startedAt), endedAt.map(Store.milliseconds),
            durationSeconds, mediaSeconds, codecs, score, scorecardVersion, try scoreDetail.map(text), try summary.map(text),
            alertCount, Store.milliseconds(checkpointedAt),
        ]
    }

    /// The end reason given to calls that were live when the daemon died.
    public static let interrupted = "interrupted"
}
