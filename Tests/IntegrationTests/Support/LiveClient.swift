import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import NIOWebSocket
import WSClient

/// A real WebSocket client of `/v1/live`, collecting every message it receives.
final class LiveClient: Sendable {
    private let messages = NIOLockedValueBox<[String]>([])
    private let writer = NIOLockedValueBox<WebSocketOutboundWriter?>(nil)
    private let task: Task<Void, any Error>

    /// Connects to `ws://127.0.0.1:PORT/v1/live?QUERY` with `token` as a bearer header.
    init(port: Int, token: String, query: String = "") {
        let url = "ws://127.0.0.1:\(port)/v1/live\(query.isEmpty ? "" : "?" + query)"
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 22, additionalHeaders: [.authorization: "Bearer \(token)"])
        let messages = self.messages
        let writer = self.writer
        task = Task {
            try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "live-client")) {
                inbound, outbound, _ in
                writer.withLockedValue { $0 = outbound }
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    messages.withLockedValue { $0.append(text) }
                }
            }
        }
    }

    var received: [[String: Any]] {
        messages.withLockedValue { $0 }.map { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] ?? [:] }
    }

    /// Events only (`type == "event"`).
    var events: [[String: Any]] { received.filter { $0["type"] as? String == "event" } }

    /// Waits until `condition` holds for the messages so far; false on timeout.
    func wait(timeout: Duration = .seconds(20), until condition: ([[String: Any]]) -> Bool) async -> Bool {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < timeout {
            if condition(received) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return condition(received)
    }

    func close() async {
        if let outbound = writer.withLockedValue({ $0 }) {
            try? await outbound.close(.normalClosure, reason: "test done")
        }
        _ = try? await task.value
    }

    deinit { task.cancel() }
}

extension Dictionary where Key == String, Value == Any {
    var seq: Int { (self["seq"] as? NSNumber)?.intValue ?? -1 }
    var eventType: String? { (self["event"] as? [String: Any])?["type"] as? String }
    var callId: String? { self["callId"] as? String }
}
