extension CallSummary {
    /// What a single-leg call says about the metrics it could not measure.
    static let singleLegNote = "one leg (mixed mono): talk ratio, overtalk, interruptions and customer agitation are not measured"

    /// The summary of a finished call: its whole-call metrics scored by `scorecard`, the
    /// conversation's turns, interruptions, dead air, overtalk and response latencies, the
    /// alerts, and each leg's figures.
    init(
        callId: String, endFrame: Int64, metrics: ConversationMetrics, scorecard: Scorecard, conversation: Conversation,
        alerts: [Alert], legs: [LegSummary]
    ) {
        self.init(
            callId: callId, mediaSeconds: Seconds.of(endFrame), metrics: metrics, finalScore: scorecard.score(metrics),
            turns: conversation.turns, interruptions: conversation.interruptions, deadAirSpans: conversation.deadAirSpans,
            overtalkSpans: conversation.overtalkSpans, responseLatencies: conversation.responseLatencies, alerts: alerts,
            legs: legs, note: metrics.singleLeg ? Self.singleLegNote : nil)
    }
}
