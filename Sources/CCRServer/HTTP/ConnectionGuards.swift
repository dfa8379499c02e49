import Logging
import NIOCore

/// What every HTTP connection gets in front of the HTTP layer: the connection cap and the
/// first-request deadline, with their once-a-minute logs.
struct ConnectionGuards: Sendable {
    let count: ConnectionCount
    let requestTimeout: TimeAmount
    let capLog: LimitLog
    let deadlineLog: LimitLog
    /// Plain HTTP answers 503 to a refused connection; under TLS it is just closed.
    let answersRefusals: Bool

    init(count: ConnectionCount, requestTimeout: TimeAmount, answersRefusals: Bool = true, logger: Logger) {
        self.count = count
        self.answersRefusals = answersRefusals
        self.requestTimeout = requestTimeout
        self.capLog = LimitLog(limit: "http.maxConnections", logger: logger)
        self.deadlineLog = LimitLog(limit: "http.requestTimeout", logger: logger)
    }

    /// Bounds each request from head to end; goes right after the HTTP decoder.
    func requestTimer() -> RequestTimer {
        RequestTimer(timeout: requestTimeout, log: deadlineLog)
    }

    func handlers() -> [any ChannelHandler] {
        [
            ConnectionLimit(count: count, answers: answersRefusals, log: capLog),
            RequestDeadline(timeout: requestTimeout, log: deadlineLog),
        ]
    }
}
