/// A scored window, with the call-so-far score beside it.
public struct WindowScore: Sendable, Codable, Equatable {
    public var callId: String
    /// The window's metrics and score.
    public var window: ConversationMetrics
    public var score: Scorecard.Result
    /// The call from its start to the end of this window.
    public var cumulative: ConversationMetrics
    public var cumulativeScore: Scorecard.Result

    public init(
        callId: String, window: ConversationMetrics, score: Scorecard.Result, cumulative: ConversationMetrics,
        cumulativeScore: Scorecard.Result
    ) {
        self.callId = callId
        self.window = window
        self.score = score
        self.cumulative = cumulative
        self.cumulativeScore = cumulativeScore
    }
}
