/// The measured conversation over a stretch of the call (a window, or the call so far):
/// what scorecards score and what events report.
public struct ConversationMetrics: Sendable, Codable, Equatable {
    /// The stretch measured, seconds of media time.
    public var from: Double
    public var to: Double
    public var agentTalkSeconds: Double = 0
    public var customerTalkSeconds: Double = 0
    /// Agent share of all talk, or nil when there was less than a second of talk.
    public var talkRatio: Double?
    /// Longest time both legs were silent.
    public var longestDeadAirSeconds: Double = 0
    public var overtalkSeconds: Double = 0
    /// Overtalk as a share of the stretch.
    public var overtalkRatio: Double = 0
    public var agentInterruptions = 0
    public var customerInterruptions = 0
    public var agentInterruptionsPerMinute: Double = 0
    /// Longest agent turn touching the stretch (its whole length).
    public var longestAgentMonologueSeconds: Double = 0
    /// Highest agitation level (0 ... 1) reached.
    public var customerAgitation: Double = 0
    public var agentAgitation: Double = 0
    /// Lowest estimated MOS reported, nil without network figures (files).
    public var mos: Double?
    /// Highest packet loss (percent) and jitter (ms) reported, nil without network figures.
    public var lossPercent: Double?
    public var jitterMs: Double?
    /// Syllable nuclei per second of speech, a speech-rate proxy.
    public var agentSyllablesPerSecond: Double?
    public var customerSyllablesPerSecond: Double?
    /// True for a one-leg (mixed mono) call: talk ratio, overtalk, interruptions and
    /// customer agitation cannot be told apart and are not scored.
    public var singleLeg = false

    public init(from: Double, to: Double) {
        self.from = from
        self.to = to
    }

    /// The value a scorecard criterion reads.
    public func value(of metric: ScoredMetric) -> Double? {
        switch metric {
        case .talkRatio: talkRatio
        case .deadAir: longestDeadAirSeconds
        case .overtalk: singleLeg ? nil : overtalkRatio
        case .agentInterruptionsPerMinute: singleLeg ? nil : agentInterruptionsPerMinute
        case .agentMonologue: longestAgentMonologueSeconds
        case .customerAgitation: singleLeg ? nil : customerAgitation
        case .mos: mos
        case .scriptStep: nil  // from transcripts: `Scorecard.score(_:adding:)`
        }
    }
}
