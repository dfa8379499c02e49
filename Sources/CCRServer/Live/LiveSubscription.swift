import Foundation
import NIOCore

/// One connected live client's end of the hub: the messages to send first, then `next()`
/// until it returns nil (closed). Closing it unregisters the client.
public final class LiveSubscription: Sendable {
    let hub: LiveHub
    let id: Int
    /// Snapshot, replayed events, or resync and snapshot: sent before anything from `next()`.
    /// Messages are UTF-8 JSON, shared between clients (never modify them).
    public let initial: [ByteBuffer]

    init(hub: LiveHub, id: Int, initial: [ByteBuffer]) {
        self.hub = hub
        self.id = id
        self.initial = initial
    }

    /// The next message for this client, waiting for one; nil once closed. One consumer only:
    /// a second concurrent caller would replace the first one's wake-up.
    public func next() async -> ByteBuffer? {
        while true {
            switch hub.take(id) {
            case .message(let text): return text
            case .closed: return nil
            case .empty:
                await withTaskCancellationHandler {
                    await withCheckedContinuation { waiter in hub.park(id, waiter) }
                } onCancel: {
                    close()
                }
            }
        }
    }

    /// Handles a message the client sent: a `subscribe` replaces the filter; anything else is
    /// answered with an `error` message (the connection stays open).
    public func receive(_ text: String) {
        let message: LiveMessage.Subscribe
        do {
            message = try JSONDecoder().decode(LiveMessage.Subscribe.self, from: Data(text.utf8))
        } catch {
            hub.reply(id, LiveMessage.buffer(LiveMessage.Failure(message: "not a JSON subscribe message")))
            return
        }
        guard message.type == "subscribe" else {
            hub.reply(id, LiveMessage.buffer(LiveMessage.Failure(message: "unknown message type '\(message.type.prefix(64))'; only 'subscribe' is understood")))
            return
        }
        do {
            let filter = try LiveFilter(
                teams: message.teams, agents: message.agents, calls: message.calls, minSeverity: message.minSeverity,
                kinds: message.kinds)
            hub.update(id, filter: filter)
        } catch {
            hub.reply(id, LiveMessage.buffer(LiveMessage.Failure(message: error.description)))
        }
    }

    /// Tells the client something went wrong with what it sent.
    public func reject(_ message: String) {
        hub.reply(id, LiveMessage.buffer(LiveMessage.Failure(message: message)))
    }

    public func close() {
        hub.remove(id)
    }
}
