import CCRCore
import GRDB

/// One scored window of a call's timeline: its score, the call-so-far score, and the metrics
/// supervisors look at. Windows are numbered from 0 in the order they were scored.
public struct TimelineWindow: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "callWindow"

    public var callId: String
    public var number: Int
    public var fromSeconds: Double
    public var toSeconds: Double
    public var score: Double
    public var cumulativeScore: Double
    public var talkRatio: Double?
    public var deadAirSeconds: Double
    public var overtalkRatio: Double
    public var agentInterruptions: Int
    public var customerAgitation: Double
    public var mos: Double?
    public var lossPercent: Double?
    public var jitterMs: Double?

    public init(number: Int, _ scored: WindowScore) {
        let metrics = scored.window
        callId = scored.callId
        self.number = number
        fromSeconds = metrics.from
        toSeconds = metrics.to
        score = scored.score.score
        cumulativeScore = scored.cumulativeScore.score
        talkRatio = metrics.talkRatio
        deadAirSeconds = metrics.longestDeadAirSeconds
        overtalkRatio = metrics.overtalkRatio
        agentInterruptions = metrics.agentInterruptions
        customerAgitation = metrics.customerAgitation
        mos = metrics.mos
        lossPercent = metrics.lossPercent
        jitterMs = metrics.jitterMs
    }

    /// The table's columns, in table order: the selection, the insert and the reads by
    /// position below all follow it.
    public enum Columns: Int, RecordColumns {
        case callId, number, fromSeconds, toSeconds, score, cumulativeScore, talkRatio, deadAirSeconds, overtalkRatio,
            agentInterruptions, customerAgitation, mos, lossPercent, jitterMs
    }

    /// Every request for windows selects `Columns`, in order, so `init(row:)` can read by position.
    public static var databaseSelection: [any SQLSelectable] { selection }
    private static let selection = Columns.selection

    /// Reads a row by position. A call detail or an export reads 60 windows per call; looking
    /// each column up by name through Codable was a third of an export's time. A value of the
    /// wrong type throws, it never traps.
    public init(row: Row) throws {
        callId = try row.decode(atIndex: Columns.callId.position)
        number = try row.decode(atIndex: Columns.number.position)
        fromSeconds = try row.decode(atIndex: Columns.fromSeconds.position)
        toSeconds = try row.decode(atIndex: Columns.toSeconds.position)
        score = try row.decode(atIndex: Columns.score.position)
        cumulativeScore = try row.decode(atIndex: Columns.cumulativeScore.position)
        talkRatio = try row.decode(atIndex: Columns.talkRatio.position)
        deadAirSeconds = try row.decode(atIndex: Columns.deadAirSeconds.position)
        overtalkRatio = try row.decode(atIndex: Columns.overtalkRatio.position)
        agentInterruptions = try row.decode(atIndex: Columns.agentInterruptions.position)
        customerAgitation = try row.decode(atIndex: Columns.customerAgitation.position)
        mos = try row.decode(atIndex: Columns.mos.position)
        lossPercent = try row.decode(atIndex: Columns.lossPercent.position)
        jitterMs = try row.decode(atIndex: Columns.jitterMs.position)
    }

    /// The row's values in `Columns` order, bound to `insertSQL`.
    var arguments: StatementArguments {
        [
            callId, number, fromSeconds, toSeconds, score, cumulativeScore, talkRatio, deadAirSeconds, overtalkRatio,
            agentInterruptions, customerAgitation, mos, lossPercent, jitterMs,
        ]
    }

    static let insertSQL = Columns.insertOrReplaceSQL(into: databaseTableName)
}
