/// A stored call with everything kept about it: legs, window timeline, alerts and reviews.
public struct CallDetail: Sendable, Codable, Equatable {
    public var call: StoredCall
    public var legs: [StoredLeg]
    public var timeline: [TimelineWindow]
    public var alerts: [StoredAlert]
    public var reviews: [Review]

    public init(call: StoredCall, legs: [StoredLeg], timeline: [TimelineWindow], alerts: [StoredAlert], reviews: [Review]) {
        self.call = call
        self.legs = legs
        self.timeline = timeline
        self.alerts = alerts
        self.reviews = reviews
    }
}
