import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import WSClient

/// A supervisor's WebSocket client of ccrd's live channel, keeping when each alert arrived.
final class AlertListener: Sendable {
    struct Arrival: Sendable {
        var callId: String
        var rule: String
        /// Media time the rule fired.
        var raisedAt: Double
        /// Unix time it reached this client.
        var arrival: Double
    }

    private let arrivals = NIOLockedValueBox<[Arrival]>([])
    private let task: Task<Void, Never>

    init(port: Int, token: String) {
        let arrivals = self.arrivals
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, additionalHeaders: [.authorization: "Bearer \(token)"])
        task = Task {
            var logger = Logger(label: "bench-alerts")
            logger.logLevel = .critical
            _ = try? await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/live?kinds=alerts", configuration: configuration, logger: logger
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 24) {
                    let now = Date().timeIntervalSince1970
                    guard case .text(let text) = message,
                        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                        let event = json["event"] as? [String: Any], event["type"] as? String == "alert.raised",
                        let alert = event["alert"] as? [String: Any],
                        let callId = alert["callId"] as? String, let rule = alert["rule"] as? String,
                        let raisedAt = alert["raisedAt"] as? Double
                    else { continue }
                    arrivals.withLockedValue { $0.append(Arrival(callId: callId, rule: rule, raisedAt: raisedAt, arrival: now)) }
                }
            }
        }
    }

    func arrivals(prefix: String) -> [Arrival] {
        arrivals.withLockedValue { $0.filter { $0.callId.hasPrefix(prefix) } }
    }

    func stop() { task.cancel() }
}
