import Logging
import Synchronization

/// Counts a limit's hits and logs them at most once per interval, with how often it was hit
/// meanwhile, so a flood of refusals makes one line a minute, not one per refusal.
final class LimitLog: Sendable {
    private struct State {
        var lastLogged: ContinuousClock.Instant?
        var hitsSince = 0
    }

    let limit: String
    let interval: Duration
    private let state = Mutex(State())
    private let logger: Logger
    private let hits = Atomic<Int>(0)

    /// Times the limit was hit since start.
    var total: Int { hits.load(ordering: .relaxed) }

    init(limit: String, interval: Duration = .seconds(60), logger: Logger) {
        self.limit = limit
        self.interval = interval
        self.logger = logger
    }

    /// Records one hit; logs at warning when the last line is older than `interval`.
    func hit(_ message: @autoclosure () -> String, metadata: Logger.Metadata = [:], now: ContinuousClock.Instant = .now) {
        hits.wrappingAdd(1, ordering: .relaxed)
        let hits: Int? = state.withLock { state in
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
