/// A call's alerts: one evaluator per rule, every alert raised so far with its latest state
/// (at most `maxAlerts`, oldest dropped), and the ones still open.
struct AlertBoard: Sendable {
    static let maxAlerts = 500

    private var evaluators: [AlertEvaluator]
    /// Alerts raised so far, cleared ones with their time.
    private(set) var alerts: [Alert] = []

    /// Rules on what was said (`AlertRule.Metric.isHeard`) are left to the phrase listener.
    init(rules: [AlertRule]) {
        evaluators = rules.filter { !$0.metric.isHeard }.map(AlertEvaluator.init(rule:))
    }

    /// Alerts raised and not yet cleared.
    var openAlerts: [Alert] { evaluators.compactMap(\.active) }

    /// Evaluates every rule at frame `index`; `value` gives a rule's metric now, counted over the
    /// rule's span in frames for episode counts (nil: not measured).
    mutating func evaluate(at index: Int64, callId: String, value: (AlertRule.Metric, Int64) -> Double?, emit: (CallEvent) -> Void) {
        for position in evaluators.indices {
            let metric = evaluators[position].metric
            let span = evaluators[position].spanFrames
            switch evaluators[position].evaluate(value(metric, span), at: index, callId: callId) {
            case .raised(let alert)?:
                record(alert)
                emit(.alertRaised(alert))
            case .cleared(let alert)?:
                record(alert)
                emit(.alertCleared(alert))
            case nil:
                break
            }
        }
    }

    /// The call ended at frame `end`: every open alert is cleared there.
    mutating func close(at end: Int64, emit: (CallEvent) -> Void) {
        for position in evaluators.indices {
            if let alert = evaluators[position].close(at: end) {
                record(alert)
                emit(.alertCleared(alert))
            }
        }
    }

    private mutating func record(_ alert: Alert) {
        Self.record(alert, in: &alerts)
    }

    /// Keeps an alert's latest state in a call's list: replaced by id, else appended, the oldest
    /// dropped past `maxAlerts` (the phrase listener's board keeps its list the same way).
    static func record(_ alert: Alert, in alerts: inout [Alert]) {
        if let position = alerts.lastIndex(where: { $0.id == alert.id }) {
            alerts[position] = alert
        } else {
            alerts.append(alert)
            if alerts.count > maxAlerts { alerts.removeFirst(alerts.count - maxAlerts) }
        }
    }
}
