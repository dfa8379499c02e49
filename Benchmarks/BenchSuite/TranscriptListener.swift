import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import WSClient

/// A supervisor's WebSocket client of ccrd's live channel, keeping each transcript segment and
/// when it arrived.
final class TranscriptListener: Sendable {
    struct Arrival: Sendable {
        var callId: String
        var leg: String
        /// Media time the segment's speech ended.
        var end: Double
        var text: String
        /// Unix time it reached this client.
        var arrival: Double
    }

    private let arrivals = NIOLockedValueBox<[Arrival]>([])
    private let task: Task<Void, Never>

    init(port: Int, token: String) {
        let arrivals = self.arrivals
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, additionalHeaders: [.authorization: "Bearer \(token)"])
        task = Task {
            var logger = Logger(label: "bench-transcripts")
            logger.logLevel = .critical
            _ = try? await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/live?kinds=transcripts", configuration: configuration, logger: logger
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 24) {
                    let now = Date().timeIntervalSince1970
                    guard case .text(let text) = message,
                        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                        let event = json["event"] as? [String: Any], event["type"] as? String == "transcript.segment",
                        let segment = event["segment"] as? [String: Any],
                        let callId = segment["callId"] as? String, let leg = segment["leg"] as? String,
                        let end = segment["end"] as? Double, let words = segment["text"] as? String
                    else { continue }
                    arrivals.withLockedValue { $0.append(Arrival(callId: callId, leg: leg, end: end, text: words, arrival: now)) }
                }
            }
        }
    }

    func arrivals(prefix: String) -> [Arrival] {
        arrivals.withLockedValue { $0.filter { $0.callId.hasPrefix(prefix) } }
    }

    func stop() { task.cancel() }
}
