import CCRCore

/// `ccrd score --format json`: the events in order.
struct ScoreOutput: Encodable {
    var events: [CallEvent]
}
