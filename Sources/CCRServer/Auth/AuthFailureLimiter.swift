import Foundation
import Synchronization

/// Counts failed authentication attempts per source address and blocks an address that
/// fails more than `limit` times within `window`, until that window has passed.
public final class AuthFailureLimiter: Sendable {
    public let limit: Int
    public let window: Duration

    private struct Entry {
        var windowStart: ContinuousClock.Instant
        var failures: Int
        var announced = false
    }

    private let entries = Mutex<[String: Entry]>([:])
    /// Addresses kept at most; beyond it the oldest windows are forgotten first.
    private let capacity = 10_000

    public init(limit: Int, window: Duration) {
        self.limit = limit
        self.window = window
    }

    /// Whether `address` is blocked now.
    public func isBlocked(_ address: String, now: ContinuousClock.Instant = .now) -> Bool {
        entries.withLock { entries in
            guard let entry = entries[address] else { return false }
            if now - entry.windowStart >= window {
                entries[address] = nil
                return false
            }
            return entry.failures >= limit
        }
    }

    /// Records one failure; returns true the first time this address crosses the limit in the
    /// current window, so the caller logs the block once rather than on every attempt.
    public func recordFailure(_ address: String, now: ContinuousClock.Instant = .now) -> Bool {
        entries.withLock { entries in
            var entry = entries[address] ?? Entry(windowStart: now, failures: 0)
            if now - entry.windowStart >= window {
                entry = Entry(windowStart: now, failures: 0)
            }
            entry.failures += 1
            let crossed = entry.failures >= limit && !entry.announced
            if crossed { entry.announced = true }
            entries[address] = entry
            if entries.count > capacity {
                let expired = entries.filter { now - $0.value.windowStart >= window }.map(\.key)
                for key in expired { entries[key] = nil }
                if entries.count > capacity, let oldest = entries.min(by: { $0.value.windowStart < $1.value.windowStart }) {
                    entries[oldest.key] = nil
                }
            }
            return crossed
        }
    }

    /// Seconds until `address` may try again, for `Retry-After`.
    public func retryAfterSeconds(_ address: String, now: ContinuousClock.Instant = .now) -> Int {
        entries.withLock { entries in
            guard let entry = entries[address] else { return 0 }
            let left = window - (now - entry.windowStart)
            return max(1, Int(left.components.seconds) + 1)
        }
    }
}
