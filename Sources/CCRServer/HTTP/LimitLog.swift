import Logging
import Synchronization

/// Counts each limit's hits and logs them at most once per interval per limit, with how often it
/// was hit meanwhile, so a flood of refusals makes one line a minute, not one per refusal. One
/// is shared by every limit of the server, keyed by the limit's configuration key.
public final class LimitLog: Sendable {
    private struct State {
        var lastLogged: ContinuousClock.Instant?
        var hitsSince = 0
        var total = 0
    }

    let interval: Duration
    private let states = Mutex<[String: State]>([:])
    private let logger: Logger

    public init(interval: Duration = .seconds(60), logger: Logger) {
        self.interval = interval
        self.logger = logger
    }

    /// Times `limit` was hit since start.
    public func total(_ limit: String) -> Int {
        states.withLock { $0[limit]?.total ?? 0 }
    }

    /// Records one hit of `limit` (its configuration key); logs at warning when that limit's
    /// last line is older than `interval`.
    func hit(
        _ limit: String, _ message: @autoclosure () -> String, metadata: Logger.Metadata = [:],
        now: ContinuousClock.Instant = .now
    ) {
        let hits: Int? = states.withLock { states in
            var state = states[limit, default: State()]
            defer { states[limit] = state }
            state.total += 1
            state.hitsSince += 1
            if let last = state.lastLogged, now - last < interval { return nil }
            state.lastLogged = now
            defer { state.hitsSince = 0 }
            return state.hitsSince
        }
        guard let hits else { return }
        var metadata = metadata
        metadata["limit"] = "\(limit)"
        metadata["limit.hits"] = "\(hits)"
        logger.warning("\(message())", metadata: metadata)
    }
}
