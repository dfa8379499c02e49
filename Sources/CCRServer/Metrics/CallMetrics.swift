import CCRCore
import NIOConcurrencyHelpers
import Prometheus

/// The metrics peer of the event stream: counts calls started and ended, windows scored,
/// agitation episodes, and alerts raised per rule (rule names come from the configuration; past
/// `maxRules` they count as `other`). It keeps nothing about people.
public final class CallMetrics: CallEventSubscriber {
    public var holderName: String { "metrics" }
    private let registry: PrometheusCollectorRegistry
    private let callsStarted: Counter
    private let callsEnded: Counter
    private let windows: Counter
    private let episodes: Counter
    private let alerts = NIOLockedValueBox<[String: Counter]>([:])
    static let maxRules = 100

    /// `rules`: the configured alert rules, whose counters start at 0.
    init(registry: PrometheusCollectorRegistry, rules: [String]) {
        self.registry = registry
        callsStarted = registry.makeCounter(name: "ccrd_calls_started_total", help: "Calls whose analysis started.")
        callsEnded = registry.makeCounter(name: "ccrd_calls_ended_total", help: "Calls that ended, with their summary.")
        windows = registry.makeCounter(name: "ccrd_windows_scored_total", help: "Sliding windows scored.")
        episodes = registry.makeCounter(name: "ccrd_agitation_episodes_total", help: "Agitation episodes found (either leg).")
        for rule in rules { _ = counter(rule: rule) }
    }

    public func receive(_ event: CallEvent) {
        switch event {
        case .callStarted: callsStarted.increment()
        case .callEnded: callsEnded.increment()
        case .windowScored: windows.increment()
        case .agitationEpisode: episodes.increment()
        case .alertRaised(let alert): counter(rule: alert.rule).increment()
        default: break
        }
    }

    private func counter(rule: String) -> Counter {
        alerts.withLockedValue { counters in
            if let counter = counters[rule] { return counter }
            let label = counters.count < Self.maxRules ? rule : "other"
            if let counter = counters[label] { return counter }
            let counter = registry.makeCounter(name: "ccrd_alerts_raised_total", labels: [("rule", label)], help: "Alerts raised, per rule.")
            counters[label] = counter
            return counter
        }
    }

    public var keepsPersonalData: Bool { false }
    public func forget(_ subject: Subject) -> Int { 0 }
    public func holdsData(about subject: Subject) -> Bool { false }
}
