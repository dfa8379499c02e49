/// A moment the customer was irritated: irritant phrases, a shouting episode, or both within a
/// few seconds (`PhraseBook.momentGapSeconds`), counted once.
public struct IrritantMoment: Sendable, Equatable, Codable {
    /// Media seconds.
    public var start: Double
    public var end: Double
    /// The irritant phrases said (ids), in order; empty for shouting alone.
    public var phrases: [String]
    /// Whether the customer was shouting.
    public var shouting: Bool

    public init(start: Double, end: Double, phrases: [String], shouting: Bool) {
        self.start = start
        self.end = end
        self.phrases = phrases
        self.shouting = shouting
    }
}
