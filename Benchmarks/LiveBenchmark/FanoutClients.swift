import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import WSClient

/// The client side of the fan-out benchmark: many WebSocket clients in one process, each
/// reading until the last event, recording how long each event took from publication.
enum FanoutClients {
    /// Latency histogram in 0.1 ms buckets up to 10 s.
    final class Histogram: Sendable {
        private let buckets = NIOLockedValueBox([Int](repeating: 0, count: 100_001))
        private let dropped = NIOLockedValueBox(0)

        func add(_ milliseconds: Double) {
            let index = min(100_000, max(0, Int(milliseconds * 10)))
            buckets.withLockedValue { $0[index] += 1 }
        }

        func addDropped(_ count: Int) { dropped.withLockedValue { $0 += count } }

        func percentile(_ p: Double) -> Double {
            buckets.withLockedValue { buckets in
                let total = buckets.reduce(0, +)
                guard total > 0 else { return .nan }
                let target = Int((Double(total) * p).rounded(.up))
                var seen = 0
                for (index, count) in buckets.enumerated() {
                    seen += count
                    if seen >= target { return Double(index) / 10 }
                }
                return .nan
            }
        }

        var count: Int { buckets.withLockedValue { $0.reduce(0, +) } }
        var droppedCount: Int { dropped.withLockedValue { $0 } }
    }

    static func run(port: Int, token: String, clients: Int, lastSeq: Int) async -> String {
        let histogram = Histogram()
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 22, additionalHeaders: [.authorization: "Bearer \(token)"])
        let logger = {
            var logger = Logger(label: "fanout-client")
            logger.logLevel = .error
            return logger
        }()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    _ = try? await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(port)/v1/live?since=1", configuration: configuration, logger: logger
                    ) { inbound, _, _ in
                        for try await message in inbound.messages(maxSize: 1 << 22) {
                            guard case .text(let text) = message else { continue }
                            let now = Date().timeIntervalSince1970
                            if let seq = field(text, "\"seq\":"), let sent = serverTime(text) {
                                histogram.add((now - sent) * 1000)
                                if Int(seq) ?? 0 >= lastSeq { return }
                            } else if text.hasPrefix(#"{"type":"dropped""#) {
                                histogram.addDropped(Int(field(text, "\"count\":") ?? "0") ?? 0)
                            }
                        }
                    }
                }
            }
        }
        return String(
            format: "delivered: %d of %d (%d announced as dropped)\nlatency publish→client: p50 %.1f ms, p99 %.1f ms, max %.1f ms (0.1 ms buckets; serverTime has 1 ms resolution)\n",
            histogram.count, clients * (lastSeq - 1), histogram.droppedCount, histogram.percentile(0.5), histogram.percentile(0.99),
            histogram.percentile(1.0))
    }

    /// The digits after `key` (cheap: no JSON decoding per message).
    static func field(_ text: String, _ key: String) -> String? {
        guard let range = text.range(of: key) else { return nil }
        return String(text[range.upperBound...].prefix { $0.isNumber })
    }

    /// `serverTime` ("2026-11-22T10:00:00.250Z") as seconds since 1970.
    static func serverTime(_ text: String) -> Double? {
        guard let range = text.range(of: "\"serverTime\":\"") else { return nil }
        let stamp = text[range.upperBound...].prefix(24)
        let digits = stamp.unicodeScalars.map { Int($0.value) - 48 }
        guard digits.count == 24 else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { (from..<(from + count)).reduce(0) { $0 * 10 + digits[$1] } }
        // Days from 1970-01-01 to the date (Howard Hinnant's days_from_civil), without Calendar.
        let month = number(5, 2)
        let year = number(0, 4) - (month <= 2 ? 1 : 0)
        let era = year / 400
        let yearOfEra = year - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + number(8, 2) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + number(11, 2) * 3600 + number(14, 2) * 60 + number(17, 2)
        return Double(seconds) + Double(number(20, 3)) / 1000
    }
}
