/// A stretch where one leg's speech was clearly louder than that leg's own calm speech: someone
/// shouting. Sent as `leg.agitation` when it ends; alert rules can count episodes in a span or
/// watch the one under way.
public struct AgitationEpisode: Sendable, Codable, Equatable {
    public var callId: String
    public var leg: Leg
    /// Media time, seconds.
    public var start: Double
    public var end: Double
    /// Mean level over the leg's calm baseline during the episode, dB.
    public var levelOverBaseline: Double
    /// Mean pitch over the leg's calm baseline during the episode, Hz (nil: too few voiced frames).
    public var pitchRiseHz: Double?

    public init(callId: String, leg: Leg, start: Double, end: Double, levelOverBaseline: Double, pitchRiseHz: Double?) {
        self.callId = callId
        self.leg = leg
        self.start = start
        self.end = end
        self.levelOverBaseline = levelOverBaseline
        self.pitchRiseHz = pitchRiseHz
    }

    public var seconds: Double { end - start }
}
