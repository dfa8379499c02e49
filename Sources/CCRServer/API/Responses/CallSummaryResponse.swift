import CCRCore
import CCRStore

/// A stored call's summary as the API shows it: the whole call's metrics and its counts.
struct CallSummaryResponse: Encodable, Equatable {
    var metrics: ConversationMetrics
    var turns: Int
    var interruptions: Int
    var deadAirSpans: Int
    var overtalkSpans: Int
    /// Mean seconds from the customer's end of turn to the agent's answer.
    var meanResponseLatency: Double?
    var note: String?

    init(_ summary: StoredSummary) {
        metrics = summary.metrics
        turns = summary.turns
        interruptions = summary.interruptions
        deadAirSpans = summary.deadAirSpans
        overtalkSpans = summary.overtalkSpans
        meanResponseLatency = summary.meanResponseLatency
        note = summary.note
    }
}
