import Synchronization

/// Live WebSocket connections open now, in all and per token, against `live.maxClients` and
/// `live.maxClientsPerToken`: one leaked or hostile token cannot take every slot.
public final class LiveClientCount: Sendable {
    private struct State {
        var total = 0
        var perToken: [String: Int] = [:]
        var maxTotal: Int
        var maxPerToken: Int
    }

    private let state: Mutex<State>

    public init(maxTotal: Int, maxPerToken: Int) {
        state = Mutex(State(maxTotal: maxTotal, maxPerToken: maxPerToken))
    }

    /// Why a connection was refused.
    enum Refusal: Equatable {
        case total, perToken
    }

    /// Takes a slot for `token`, or says which limit is reached.
    func take(_ token: String) -> Refusal? {
        state.withLock { state in
            if state.total >= state.maxTotal { return .total }
            if state.perToken[token, default: 0] >= state.maxPerToken { return .perToken }
            state.total += 1
            state.perToken[token, default: 0] += 1
            return nil
        }
    }

    func give(_ token: String) {
        state.withLock { state in
            state.total -= 1
            let left = state.perToken[token, default: 1] - 1
            state.perToken[token] = left > 0 ? left : nil
        }
    }

    /// Connections open now.
    public var current: Int { state.withLock { $0.total } }

    /// New limits (SIGHUP reload); connections already open stay.
    public func setLimits(maxTotal: Int, maxPerToken: Int) {
        state.withLock { state in
            state.maxTotal = maxTotal
            state.maxPerToken = maxPerToken
        }
    }
}
