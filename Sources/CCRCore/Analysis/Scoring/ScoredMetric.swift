/// What a scorecard criterion can measure.
public enum ScoredMetric: String, Sendable, Codable, CaseIterable {
    /// Agent share of talk, 0 ... 1.
    case talkRatio
    /// Longest dead air, seconds.
    case deadAir
    /// Overtalk share of the window, 0 ... 1.
    case overtalk
    /// Interruptions by the agent per minute.
    case agentInterruptionsPerMinute
    /// Longest agent monologue, seconds.
    case agentMonologue
    /// Highest customer agitation, 0 ... 1.
    case customerAgitation
    /// Lowest estimated MOS.
    case mos
    /// A step of the reference script: 1 said on time, 0.5 late or out of order, 0 not said.
    /// From transcripts, once the call's transcription is complete; not for `scorecard.criteria`
    /// (each step of `phrases` is a criterion with its own weight).
    case scriptStep
}
