import Foundation
import HTTPTypes
import Logging
import NIOConcurrencyHelpers
import WSClient

/// A supervisor's WebSocket client of ccrd's live channel, keeping each event of one kind and
/// when it arrived.
final class LiveListener<Arrival: LiveArrival>: Sendable {
    private let arrivals = NIOLockedValueBox<[Arrival]>([])
    private let task: Task<Void, Never>

    init(port: Int, token: String) {
        let arrivals = self.arrivals
        let configuration = WebSocketClientConfiguration(maxFrameSize: 1 << 24, additionalHeaders: [.authorization: "Bearer \(token)"])
        task = Task {
            var logger = Logger(label: "bench-live")
            logger.logLevel = .critical
            _ = try? await WebSocketClient.connect(
                url: "ws://127.0.0.1:\(port)/v1/live?kinds=\(Arrival.kinds)", configuration: configuration, logger: logger
            ) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 24) {
                    let now = Date().timeIntervalSince1970
                    guard case .text(let text) = message,
                        let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any],
                        let event = json["event"] as? [String: Any], let arrival = Arrival(event: event, arrival: now)
                    else { continue }
                    arrivals.withLockedValue { $0.append(arrival) }
                }
            }
        }
    }

    func arrivals(prefix: String) -> [Arrival] {
        arrivals.withLockedValue { $0.filter { $0.callId.hasPrefix(prefix) } }
    }

    func stop() { task.cancel() }
}

/// The live clients of the benchmark's steps.
typealias AlertListener = LiveListener<AlertArrival>
typealias TranscriptListener = LiveListener<TranscriptArrival>
