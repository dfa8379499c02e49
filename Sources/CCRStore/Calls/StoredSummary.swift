import CCRCore

/// What is kept of a call's `CallSummary`: the whole-call metrics and counts, without the
/// per-segment detail (spans and speech segments stay in memory only).
public struct StoredSummary: Sendable, Codable, Equatable {
    public var metrics: ConversationMetrics
    public var turns: Int
    public var interruptions: Int
    public var deadAirSpans: Int
    public var overtalkSpans: Int
    /// Mean customer-to-agent response latency, seconds.
    public var meanResponseLatency: Double?
    /// Said when the call had one leg.
    public var note: String?

    public init(
        metrics: ConversationMetrics, turns: Int, interruptions: Int, deadAirSpans: Int, overtalkSpans: Int,
        meanResponseLatency: Double?, note: String?
    ) {
        self.metrics = metrics
        self.turns = turns
        self.interruptions = interruptions
        self.deadAirSpans = deadAirSpans
        self.overtalkSpans = overtalkSpans
        self.meanResponseLatency = meanResponseLatency
        self.note = note
    }

    public init(_ summary: CallSummary) {
        metrics = summary.metrics
        turns = summary.turns
        interruptions = summary.interruptions.count
        deadAirSpans = summary.deadAirSpans.count
        overtalkSpans = summary.overtalkSpans.count
        meanResponseLatency =
            summary.responseLatencies.isEmpty
            ? nil : summary.responseLatencies.reduce(0, +) / Double(summary.responseLatencies.count)
        note = summary.note
    }
}
