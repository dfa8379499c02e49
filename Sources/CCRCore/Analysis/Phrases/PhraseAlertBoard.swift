/// A call's alerts on what was said (`AlertRule.Metric.isHeard`): irritant phrases counted over
/// a span, script steps past their deadline. Judged when a transcript or the call's time moves
/// on, not frame by frame; the rules' `for` does not apply, `cooldown` does.
///
/// Transcripts come late and not always in order, so there are two times: an alert is raised on
/// what held at the moment its cause was said (`raisedAt`), and cleared, or kept quiet for its
/// cooldown, on the latest media time the board has seen, which only moves forward.
struct PhraseAlertBoard: Sendable {
    private struct Watch: Sendable {
        let rule: AlertRule
        var active: Alert?
        var raisedCount = 0
        var clearedAt: Double?
    }

    private var watches: [Watch]
    /// Media times of the customer's irritant phrases (within the longest span).
    private var irritants: [Double] = []
    /// Steps past their deadline and not said since.
    private var missedSteps: Set<String> = []
    private let longestSpan: Double
    /// The latest media time seen.
    private var now = 0.0
    /// Every alert raised, latest state (at most `AlertBoard.maxAlerts`).
    private(set) var alerts: [Alert] = []

    init(rules: [AlertRule]) {
        watches = rules.filter(\.metric.isHeard).map { Watch(rule: $0) }
        longestSpan = watches.compactMap(\.rule.withinSeconds).max() ?? AlertRule.defaultWithinSeconds
    }

    var isEmpty: Bool { watches.isEmpty }

    mutating func irritant(at time: Double, callId: String) -> [CallEvent] {
        irritants.append(time)
        irritants.removeAll { $0 <= max(time, now) - 2 * longestSpan }
        return evaluate(at: time, callId: callId)
    }

    mutating func stepMissed(_ step: String, at time: Double, callId: String) -> [CallEvent] {
        missedSteps.insert(step)
        return evaluate(at: time, callId: callId)
    }

    mutating func stepSaid(_ step: String, at time: Double, callId: String) -> [CallEvent] {
        guard missedSteps.remove(step) != nil else { return [] }
        return evaluate(at: time, callId: callId)
    }

    /// The call's time moved on: irritants older than a rule's span stop counting.
    mutating func advance(to time: Double, callId: String) -> [CallEvent] {
        guard watches.contains(where: { $0.active != nil }) else { return [] }
        return evaluate(at: time, callId: callId)
    }

    /// The call is over and its transcription complete: every open alert clears at `time`.
    mutating func close(at time: Double) -> [CallEvent] {
        var events: [CallEvent] = []
        for index in watches.indices {
            guard var alert = watches[index].active else { continue }
            alert.clearedAt = max(time, alert.raisedAt)
            watches[index].active = nil
            record(alert)
            events.append(.alertCleared(alert))
        }
        return events
    }

    private func value(of rule: AlertRule, at time: Double) -> Double {
        switch rule.metric {
        case .customerIrritants:
            let span = rule.withinSeconds ?? AlertRule.defaultWithinSeconds
            return Double(irritants.filter { $0 > time - span && $0 <= time }.count)
        case .scriptStepsMissed:
            return Double(rule.step.map { missedSteps.contains($0) ? 1 : 0 } ?? missedSteps.count)
        default:
            return 0
        }
    }

    private mutating func evaluate(at time: Double, callId: String) -> [CallEvent] {
        var events: [CallEvent] = []
        now = max(now, time)
        for index in watches.indices {
            let rule = watches[index].rule
            if var alert = watches[index].active {
                let value = value(of: rule, at: now)
                guard !rule.comparator.holds(value, rule.clearThreshold ?? rule.threshold) else { continue }
                alert.clearedAt = max(now, alert.raisedAt)
                alert.value = value
                watches[index].active = nil
                watches[index].clearedAt = now
                record(alert)
                events.append(.alertCleared(alert))
                continue
            }
            // Raised on what held when it was said.
            let value = value(of: rule, at: time)
            if rule.comparator.holds(value, rule.threshold) {
                if let cleared = watches[index].clearedAt, now - cleared < rule.cooldownSeconds { continue }
                watches[index].raisedCount += 1
                let alert = Alert(
                    id: "\(rule.name)-\(watches[index].raisedCount)", callId: callId, rule: rule.name, metric: rule.metric,
                    severity: rule.severity, condition: rule.condition, value: value, raisedAt: time)
                watches[index].active = alert
                record(alert)
                events.append(.alertRaised(alert))
            }
        }
        return events
    }

    private mutating func record(_ alert: Alert) {
        AlertBoard.record(alert, in: &alerts)
    }
}
