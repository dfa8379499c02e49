import Synchronization

/// Calls each token may start per second (`ingest.startsPerSecond`), as a token bucket that
/// holds one second's worth: a gateway's burst at the top of the hour passes, a loop does not.
public final class CallStartRate: Sendable {
    private struct Bucket {
        var level: Double
        var updated: ContinuousClock.Instant
    }

    private struct State {
        var buckets: [String: Bucket] = [:]
        var perSecond: Int
    }

    private let state: Mutex<State>

    public init(perSecond: Int) {
        state = Mutex(State(perSecond: perSecond))
    }

    /// Takes one start for `token`; false when its bucket is empty.
    func allow(_ token: String, now: ContinuousClock.Instant = .now) -> Bool {
        state.withLock { state in
            let capacity = Double(state.perSecond)
            var bucket = state.buckets[token] ?? Bucket(level: capacity, updated: now)
            let elapsed = now - bucket.updated
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            bucket.level = min(capacity, bucket.level + seconds * capacity)
            bucket.updated = now
            let allowed = bucket.level >= 1
            if allowed { bucket.level -= 1 }
            state.buckets[token] = bucket
            // Only valid tokens get here, so the table is as large as the token list; still,
            // forget full buckets now and then.
            if state.buckets.count > 10_000 {
                state.buckets = state.buckets.filter { $0.value.level < capacity }
            }
            return allowed
        }
    }

    func setRate(_ perSecond: Int) {
        state.withLock { $0.perSecond = perSecond }
    }
}
