import NIOConcurrencyHelpers

/// What the health loop last found, for `GET /readyz`: whether the HTTP server serves yet, and
/// the state of each probed component. ccrd is ready once it serves and a round of probes found
/// no component down.
public final class HealthState: Sendable {
    /// A component's state: up; minor (working, with something to look at before it grows: a
    /// disk filling up; a P3 incident); degraded (working, but an incident in the making: a
    /// backlog of calls to write; P2); or down (an essential function unavailable; P1).
    public enum Condition: String, Sendable, Encodable {
        case up
        case minor
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
