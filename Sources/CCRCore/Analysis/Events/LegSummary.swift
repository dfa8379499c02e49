/// What a leg sounded like over the whole call.
public struct LegSummary: Sendable, Codable, Equatable {
    public var leg: Leg
    public var talkSeconds: Double
    public var meanPitchHz: Double?
    public var peakDBFS: Double
    /// Share of samples that clipped.
    public var clippingRatio: Double
    public var syllablesPerSecond: Double?
    /// Speech segments, start and length in seconds (the last 1000).
    public var segments: [Span]
}
