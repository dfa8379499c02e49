/// When a lost record stream is tried again: at once, then with backoff from 0.5 s doubling to
/// 30 s between attempts, one attempt at a time. Used by a call's leg (`PulseLeg`) and by an
/// automatic line (`PulseStation`); times are monotonic nanoseconds.
struct Reconnection {
    static let firstBackoff: Int64 = 500_000_000
    static let longestBackoff: Int64 = 30_000_000_000

    /// When the stream was found down (nil while it records).
    private(set) var lostAt: Int64?
    /// An attempt is under way.
    private(set) var pending = false
    private var attempts = 0
    private var nextAttempt: Int64 = 0

    var isLost: Bool { lostAt != nil }

    /// The stream is down as of `now`: true when an attempt should start now (none under way,
    /// the backoff past).
    mutating func attempt(now: Int64) -> Bool {
        if lostAt == nil { lostAt = now }
        guard !pending, now >= nextAttempt else { return false }
        pending = true
        attempts += 1
        return true
    }

    /// The attempt failed at `now`: the next waits out the backoff.
    mutating func failed(now: Int64) {
        pending = false
        nextAttempt = now + min(Self.longestBackoff, Self.firstBackoff << min(max(attempts - 1, 0), 6))
    }

    /// The stream records again.
    mutating func succeeded() {
        pending = false
        lostAt = nil
        attempts = 0
        nextAttempt = 0
    }

    /// Forgets the outage (the stream was let go).
    mutating func reset() { self = Reconnection() }
}
