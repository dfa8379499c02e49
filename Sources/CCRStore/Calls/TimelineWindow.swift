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

    /// The columns every request for windows selects, in the order `init(row:)` reads them.
    public static var databaseSelection: [any SQLSelectable] {
        [
            Column("callId"), Column("number"), Column("fromSeconds"), Column("toSeconds"), Column("score"),
            Column("cumulativeScore"), Column("talkRatio"), Column("deadAirSeconds"), Column("overtalkRatio"),
            Column("agentInterruptions"), Column("customerAgitation"), Column("mos"), Column("lossPercent"), Column("jitterMs"),
        ]
    }

    /// Reads a row by position (`databaseSelection` fixes the order). A call detail or an export
    /// reads 60 windows per call; looking each column up by name through Codable was a third of
    /// an export's time. A value of the wrong type throws, it never traps.
    public init(row: Row) throws {
        callId = try row.decode(atIndex: 0)
        number = try row.decode(atIndex: 1)
        fromSeconds = try row.decode(atIndex: 2)
        toSeconds = try row.decode(atIndex: 3)
        score = try row.decode(atIndex: 4)
        cumulativeScore = try row.decode(atIndex: 5)
        talkRatio = try row.decode(atIndex: 6)
        deadAirSeconds = try row.decode(atIndex: 7)
        overtalkRatio = try row.decode(atIndex: 8)
        agentInterruptions = try row.decode(atIndex: 9)
        customerAgitation = try row.decode(atIndex: 10)
        mos = try row.decode(atIndex: 11)
        lossPercent = try row.decode(atIndex: 12)
        jitterMs = try row.decode(atIndex: 13)
    }

    /// Binds the row's values in column order, for the batched insert.
    var arguments: StatementArguments {
        [
            callId, number, fromSeconds, toSeconds, score, cumulativeScore, talkRatio, deadAirSeconds, overtalkRatio,
            agentInterruptions, customerAgitation, mos, lossPercent, jitterMs,
        ]
    }

    static let insertSQL = """
        INSERT OR REPLACE INTO callWindow (callId, number, fromSeconds, toSeconds, score, cumulativeScore, talkRatio,
            deadAirSeconds, overtalkRatio, agentInterruptions, customerAgitation, mos, lossPercent, jitterMs)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
}
