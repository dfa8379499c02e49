/// An `alert.raised` as the benchmark keeps it.
struct AlertArrival: LiveArrival {
    static let kinds = "alerts"
    var callId: String
    var rule: String
    /// Media time the rule fired.
    var raisedAt: Double
    /// Unix time it reached the client.
    var arrival: Double

    init?(event: [String: Any], arrival: Double) {
        guard event["type"] as? String == "alert.raised", let alert = event["alert"] as? [String: Any],
            let callId = alert["callId"] as? String, let rule = alert["rule"] as? String, let raisedAt = alert["raisedAt"] as? Double
        else { return nil }
        (self.callId, self.rule, self.raisedAt, self.arrival) = (callId, rule, raisedAt, arrival)
    }
}
