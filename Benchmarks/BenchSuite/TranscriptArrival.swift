/// A `transcript.segment` as the benchmark keeps it.
struct TranscriptArrival: LiveArrival {
    static let kinds = "transcripts"
    var callId: String
    var leg: String
    /// Media time the segment's speech ended.
    var end: Double
    var text: String
    /// Unix time it reached the client.
    var arrival: Double

    init?(event: [String: Any], arrival: Double) {
        guard event["type"] as? String == "transcript.segment", let segment = event["segment"] as? [String: Any],
            let callId = segment["callId"] as? String, let leg = segment["leg"] as? String, let end = segment["end"] as? Double,
            let text = segment["text"] as? String
        else { return nil }
        (self.callId, self.leg, self.end, self.text, self.arrival) = (callId, leg, end, text, arrival)
    }
}
