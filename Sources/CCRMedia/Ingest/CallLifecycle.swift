/// Who is told when a call becomes live and when it has ended: the store records calls through
/// it. Both run on the call's event loop, once per call, so they must only hand the snapshot on.
public struct CallLifecycle: Sendable {
    /// The call is in the live table (API calls: ports bound; static lines: first packet).
    public var started: @Sendable (CallSnapshot) -> Void
    /// The call has ended; its analysis events, `call.ended` included, were all delivered before.
    public var ended: @Sendable (CallSnapshot) -> Void

    public init(started: @escaping @Sendable (CallSnapshot) -> Void, ended: @escaping @Sendable (CallSnapshot) -> Void) {
        self.started = started
        self.ended = ended
    }
}
