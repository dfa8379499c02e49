/// Runs one alert rule over a stream of values, one per frame.
struct AlertEvaluator: Sendable {
    let rule: AlertRule
    /// The rule's metric and, for episode counts, its span in frames: read on every frame.
    let metric: AlertRule.Metric
    let spanFrames: Int64
    private let holdFrames: Int64
    private let cooldownFrames: Int64
    private var heldSince: Int64?
    private var clearedAt: Int64?
    private var raisedCount = 0
    /// The open alert, if any.
    private(set) var active: Alert?

    init(rule: AlertRule) {
        self.rule = rule
        self.metric = rule.metric
        self.spanFrames = Seconds.frames(rule.withinSeconds ?? AlertRule.defaultWithinSeconds)
        self.holdFrames = Seconds.frames(rule.forSeconds)
        self.cooldownFrames = Seconds.frames(rule.cooldownSeconds)
    }

    /// Result of one evaluation.
    enum Change {
        case raised(Alert)
        case cleared(Alert)
    }

    /// The call ended at frame `end`: clears the open alert, if any, and returns it.
    mutating func close(at end: Int64) -> Alert? {
        guard var alert = active else { return nil }
        alert.clearedAt = Seconds.of(end)
        active = nil
        return alert
    }

    /// Evaluates the rule at frame `index` (the frame's end is its media time).
    mutating func evaluate(_ value: Double?, at index: Int64, callId: String) -> Change? {
        let time = Seconds.of(index + 1)
        if var alert = active {
            let stillHolds = value.map { rule.comparator.holds($0, rule.clearThreshold ?? rule.threshold) } ?? false
            guard !stillHolds else { return nil }
            alert.clearedAt = time
            alert.value = value ?? alert.value
            active = nil
            clearedAt = index
            heldSince = nil
            return .cleared(alert)
        }
        guard let value, rule.comparator.holds(value, rule.threshold) else {
            heldSince = nil
            return nil
        }
        let since = heldSince ?? index
        heldSince = since
        guard index - since >= holdFrames else { return nil }
        if let clearedAt, index - clearedAt < cooldownFrames { return nil }
        raisedCount += 1
        let alert = Alert(
            id: "\(rule.name)-\(raisedCount)", callId: callId, rule: rule.name, metric: rule.metric,
            severity: rule.severity, condition: rule.condition, value: value, raisedAt: time)
        active = alert
        return .raised(alert)
    }
}
