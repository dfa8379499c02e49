/// A stored call with everything kept about it: legs, window timeline, alerts and reviews.
public struct CallDetail: Sendable, Codable, Equatable {
    public var call: StoredCall
    public var legs: [StoredLeg]
    public var timeline: [TimelineWindow]
    public var alerts: [StoredAlert]
    public var reviews: [Review]
}
