import Logging
import Synchronization
import Testing

@testable import CCRServer

/// A flood of refusals makes one log line per interval, and every hit is counted.
@Suite("Limit log")
struct LimitLogTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
    }

    struct Handler: LogHandler {
        let sink: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
            function: String, line: UInt
        ) {
            sink.lines.withLock { $0.append("\(message) hits=\(metadata?["limit.hits"] ?? "-")") }
        }
    }

    @Test func logsOncePerIntervalWithTheHitsMeanwhile() {
        let sink = Lines()
        let log = LimitLog(interval: .seconds(60), logger: Logger(label: "t") { _ in Handler(sink: sink) })
        let start = ContinuousClock.now
        for n in 0..<1000 { log.hit("test.limit", "refused", now: start + .milliseconds(n)) }
        log.hit("test.limit", "refused", now: start + .seconds(61))
        #expect(log.total("test.limit") == 1001)
        #expect(sink.lines.withLock { $0 } == ["refused hits=1", "refused hits=1000"])
        // Another limit is logged on its own schedule, not hidden by the first one's.
        log.hit("other.limit", "other refused", now: start + .seconds(62))
        #expect(log.total("other.limit") == 1)
        #expect(sink.lines.withLock { $0 }.last == "other refused hits=1")
    }
}
