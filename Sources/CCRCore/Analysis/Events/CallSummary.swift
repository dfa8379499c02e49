/// The end of a call: its final score and summary metrics.
public struct CallSummary: Sendable, Codable, Equatable {
    public var callId: String
    /// Media seconds analysed.
    public var mediaSeconds: Double
    public var metrics: ConversationMetrics
    public var finalScore: Scorecard.Result
    public var turns: Int
    public var interruptions: [Interruption]
    public var deadAirSpans: [Span]
    public var overtalkSpans: [Span]
    public var responseLatencies: [Double]
    /// Alerts raised during the call (cleared at the end if still open).
    public var alerts: [Alert]
    /// Per-leg figures: mean pitch and clipping.
    public var legs: [LegSummary]
    /// Said when the call had one leg: which metrics could not be measured.
    public var note: String?
    /// Agitation episodes (shouting) of either leg, in order (the last 100).
    public var agitationEpisodes: [AgitationEpisode]?
}
