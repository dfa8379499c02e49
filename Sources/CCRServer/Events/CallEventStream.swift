import CCRCore

/// The one stream of every call's events: what each call's analysis produced, handed to every
/// peer in the order the call produced it. Wired once, in `buildApplication`.
public struct CallEventStream: Sendable {
    /// The peers, in the order they receive each event.
    public let subscribers: [any CallEventSubscriber]

    public init(subscribers: [any CallEventSubscriber]) {
        self.subscribers = subscribers
    }

    /// Hands an event to every peer (on the call's event loop).
    public func publish(_ event: CallEvent) {
        for subscriber in subscribers { subscriber.receive(event) }
    }
}
