import NIOConcurrencyHelpers

/// What the health loop last found, for `GET /readyz`: whether the HTTP server serves yet, and
/// the state of each probed component. ccrd is ready once it serves and a round of probes found
/// no component down.
public final class HealthState: Sendable {
    /// A component's state: up, degraded (working, but an incident in the making: a backlog
    /// of calls to write), or down (an essential function unavailable).
    public enum Condition: String, Sendable, Encodable {
        case up
        case degraded
        case down
    }

    private struct State {
        var serving = false
        var components: [String: Condition] = [:]
        var probed = false
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    func markServing() { state.withLockedValue { $0.serving = true } }

    func record(_ components: [String: Condition]) {
        state.withLockedValue {
            $0.components = components
            $0.probed = true
        }
    }

    /// Whether ccrd is ready, and each component's state.
    public var readiness: (ready: Bool, serving: Bool, components: [String: Condition]) {
        state.withLockedValue { state in
            (state.serving && state.probed && !state.components.values.contains(.down), state.serving, state.components)
        }
    }
}
