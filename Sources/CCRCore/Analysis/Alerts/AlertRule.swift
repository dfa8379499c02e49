/// When to warn a supervisor: a metric crossing a threshold for long enough.
///
/// The rule raises when `metric comparator threshold` has held for `forSeconds` of media time,
/// and clears when `metric comparator clearThreshold` no longer holds (hysteresis: a clear
/// threshold below a ">" threshold clears later). After clearing it stays quiet for
/// `cooldownSeconds`. Rules are evaluated on every frame, so an instantaneous condition fires
/// on the frame it becomes true.
public struct AlertRule: Sendable, Codable, Equatable {
    /// What a rule can watch, all measured at every frame.
    public enum Metric: String, Sendable, Codable, CaseIterable {
        /// Seconds both legs have been silent.
        case deadAir
        /// Seconds both legs have been talking at once, continuously.
        case overtalk
        /// Seconds of the agent's current turn.
        case agentMonologue
        /// Agitation level 0 ... 1.
        case customerAgitation
        case agentAgitation
        /// Latest estimated MOS (live calls only).
        case mos
        /// Latest packet loss, percent (live calls only).
        case lossPercent
        /// Latest interarrival jitter, ms (live calls only).
        case jitter
        /// Score of the latest window.
        case windowScore
        /// Seconds of the leg's agitation episode under way (shouting); 0 when none.
        case customerShouting
        case agentShouting
        /// Agitation episodes of the leg that began to count within the rule's `within` span.
        case customerAgitationEpisodes
        case agentAgitationEpisodes
        /// Irritant phrases the customer said within the rule's `within` span (from transcripts).
        case customerIrritants
        /// Script steps whose deadline ("within 15 s") passed unsaid; the rule's `step` names one
        /// (from transcripts).
        case scriptStepsMissed

        /// Whether the metric counts episodes over a span (the rule's `within`).
        public var countsEpisodes: Bool {
            self == .customerAgitationEpisodes || self == .agentAgitationEpisodes || self == .customerIrritants
        }

        /// Whether the metric comes from what was said (judged as transcripts arrive, by the phrase
        /// listener) rather than from the audio, frame by frame.
        public var isHeard: Bool { self == .customerIrritants || self == .scriptStepsMissed }
    }

    /// How the metric is compared with the threshold.
    public enum Comparator: String, Sendable, Codable, CaseIterable {
        case greater = ">"
        case greaterOrEqual = ">="
        case less = "<"
        case lessOrEqual = "<="

        public func holds(_ value: Double, _ threshold: Double) -> Bool {
            switch self {
            case .greater: value > threshold
            case .greaterOrEqual: value >= threshold
            case .less: value < threshold
            case .lessOrEqual: value <= threshold
            }
        }
    }

    public var name: String
    public var metric: Metric
    public var comparator: Comparator
    public var threshold: Double
    public var forSeconds: Double
    public var severity: Severity
    public var cooldownSeconds: Double
    /// Threshold for clearing; the raise threshold when nil.
    public var clearThreshold: Double?
    /// For episode counts: the span of media time counted back from each frame, seconds.
    public var withinSeconds: Double?
    /// For `scriptStepsMissed`: the step watched; nil for any step with a deadline.
    public var step: String?

    /// The span an episode-count rule counts over when it names none.
    public static let defaultWithinSeconds = 60.0

    public init(
        name: String, metric: Metric, comparator: Comparator, threshold: Double, forSeconds: Double = 0,
        severity: Severity, cooldownSeconds: Double = 30, clearThreshold: Double? = nil, withinSeconds: Double? = nil,
        step: String? = nil
    ) {
        self.name = name
        self.metric = metric
        self.comparator = comparator
        self.threshold = threshold
        self.forSeconds = forSeconds
        self.severity = severity
        self.cooldownSeconds = cooldownSeconds
        self.clearThreshold = clearThreshold
        self.withinSeconds = metric.countsEpisodes ? (withinSeconds ?? Self.defaultWithinSeconds) : nil
        self.step = metric == .scriptStepsMissed ? step : nil
    }

    /// The defaults of the product description.
    public static let standard: [AlertRule] = [
        AlertRule(name: "dead-air", metric: .deadAir, comparator: .greater, threshold: 10, severity: .warning),
        AlertRule(name: "overtalk", metric: .overtalk, comparator: .greater, threshold: 3, severity: .warning),
        AlertRule(
            name: "customer-agitation", metric: .customerAgitation, comparator: .greaterOrEqual, threshold: 0.5,
            forSeconds: 5, severity: .critical, clearThreshold: 0.3),
        AlertRule(name: "customer-shouting", metric: .customerShouting, comparator: .greaterOrEqual, threshold: 3, severity: .critical),
        AlertRule(
            name: "customer-shouting-again", metric: .customerAgitationEpisodes, comparator: .greaterOrEqual, threshold: 2,
            severity: .critical, withinSeconds: 60),
        AlertRule(name: "agent-monologue", metric: .agentMonologue, comparator: .greater, threshold: 60, severity: .info),
        AlertRule(name: "low-window-score", metric: .windowScore, comparator: .less, threshold: 50, severity: .warning),
        AlertRule(name: "poor-network", metric: .mos, comparator: .less, threshold: 3.0, forSeconds: 10, severity: .warning),
        AlertRule(
            name: "customer-irritant", metric: .customerIrritants, comparator: .greaterOrEqual, threshold: 1, severity: .critical,
            withinSeconds: 60),
        AlertRule(
            name: "customer-irritants-again", metric: .customerIrritants, comparator: .greaterOrEqual, threshold: 2,
            severity: .critical, withinSeconds: 60),
        AlertRule(
            name: "missed-greeting", metric: .scriptStepsMissed, comparator: .greaterOrEqual, threshold: 1, severity: .warning,
            step: "greeting"),
    ]

    /// "dead air > 10" as an operator reads it.
    public var condition: String {
        "\(metric.rawValue) \(comparator.rawValue) \(Scorecard.Criterion.format(threshold))"
            + (step.map { " step \($0)" } ?? "")
            + (withinSeconds.map { " within \(Scorecard.Criterion.format($0)) s" } ?? "")
            + (forSeconds > 0 ? " for \(Scorecard.Criterion.format(forSeconds)) s" : "")
    }
}
