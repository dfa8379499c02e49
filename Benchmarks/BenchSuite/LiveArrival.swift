/// What a benchmark keeps of one kind of live event: read from the event's JSON, with when it
/// reached the client.
protocol LiveArrival: Sendable {
    /// The `kinds` the client subscribes to.
    static var kinds: String { get }
    var callId: String { get }
    /// Nil for events of other types.
    init?(event: [String: Any], arrival: Double)
}
