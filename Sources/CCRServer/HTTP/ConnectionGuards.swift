import Logging
import NIOCore

/// What every HTTP connection gets in front of the HTTP layer: the connection cap and the
/// first-request deadline, with their once-a-minute logs.
struct ConnectionGuards: Sendable {
    let count: ConnectionCount
    let requestTimeout: TimeAmount
    let capLog: LimitLog
    let deadlineLog: LimitLog

    init(count: ConnectionCount, requestTimeout: TimeAmount, logger: Logger) {
        self.count = count
        self.requestTimeout = requestTimeout
        self.capLog = LimitLog(limit: "http.maxConnections", logger: logger)
        self.deadlineLog = LimitLog(limit: "http.requestTimeout", logger: logger)
    }

    func handlers() -> [any ChannelHandler] {
        [
            ConnectionLimit(count: count, answers: true, log: capLog),
            RequestDeadline(timeout: requestTimeout, log: deadlineLog),
        ]
    }
}
