import Logging
import NIOCore

/// What every HTTP connection gets in front of the HTTP layer: the connection cap and the
/// first-request deadline, with their once-a-minute logs.
struct ConnectionGuards: Sendable {
    let count: ConnectionCount
    let requestTimeout: TimeAmount
    let limits: LimitLog
    /// Plain HTTP answers 503 to a refused connection; under TLS it is just closed.
    let answersRefusals: Bool

    init(count: ConnectionCount, requestTimeout: TimeAmount, answersRefusals: Bool = true, limits: LimitLog) {
        self.count = count
        self.answersRefusals = answersRefusals
        self.requestTimeout = requestTimeout
        self.limits = limits
    }

    /// Bounds each request from head to end; goes right after the HTTP decoder.
    func requestTimer() -> RequestTimer {
        RequestTimer(timeout: requestTimeout, log: limits)
    }

    func handlers() -> [any ChannelHandler] {
        [
            ConnectionLimit(count: count, answers: answersRefusals, log: limits),
            RequestDeadline(timeout: requestTimeout, log: limits),
        ]
    }
}
