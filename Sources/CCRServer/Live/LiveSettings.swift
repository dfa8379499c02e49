/// Sizes of the live hub's buffers (`live.*` in the configuration).
public struct LiveSettings: Sendable, Equatable {
    /// Events kept for clients that reconnect with `since`.
    public var bufferEvents = 100_000
    /// No event older than this is kept, seconds.
    public var bufferSeconds: Double = 3600
    /// Messages queued per client before the oldest are dropped.
    public var clientQueue = 4096
    /// WebSocket ping interval; a client that does not answer within it is closed.
    public var pingInterval: Duration = .seconds(30)
    /// Live connections open at once, all tokens together.
    public var maxClients = 1000
    /// Live connections open at once with one token.
    public var maxClientsPerToken = 20

    public init() {}
}
