/// One leg starting to speak over the other, who had been speaking for at least a second,
/// and keeping on for at least half a second.
public struct Interruption: Sendable, Codable, Equatable {
    /// Who interrupted.
    public var by: Leg
    /// When the interrupting speech started, seconds.
    public var at: Double

    public init(by: Leg, at: Double) {
        self.by = by
        self.at = at
    }
}
