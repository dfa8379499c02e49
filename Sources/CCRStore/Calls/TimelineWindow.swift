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
