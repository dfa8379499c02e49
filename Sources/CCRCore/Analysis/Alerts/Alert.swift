/// A raised alert: which rule, about which call, the value that crossed, and when (media time).
public struct Alert: Sendable, Codable, Equatable {
    /// Unique within the call: rule name and a counter.
    public var id: String
    public var callId: String
    public var rule: String
    public var metric: AlertRule.Metric
    public var severity: Severity
    /// The rule's condition, e.g. "deadAir > 10".
    public var condition: String
    /// The metric when the alert was raised (or cleared, in `alert.cleared`).
    public var value: Double
    /// Media time the rule fired, seconds from the start of the call: the frame the condition
    /// became true, or for a rule with `for`, the frame it had held that long.
    public var raisedAt: Double
    public var clearedAt: Double?

    public init(
        id: String, callId: String, rule: String, metric: AlertRule.Metric, severity: Severity, condition: String,
        value: Double, raisedAt: Double, clearedAt: Double? = nil
    ) {
        self.id = id
        self.callId = callId
        self.rule = rule
        self.metric = metric
        self.severity = severity
        self.condition = condition
        self.value = value
        self.raisedAt = raisedAt
        self.clearedAt = clearedAt
    }
}
