/// Where a call said something that put it in a category: which leg, when, and which keyword.
public struct PhraseEvidence: Sendable, Equatable, Codable {
    public var leg: Leg
    public var start: Double
    public var end: Double
    /// The keyword (as configured) that was heard.
    public var keyword: String

    public init(leg: Leg, start: Double, end: Double, keyword: String) {
        self.leg = leg
        self.start = start
        self.end = end
        self.keyword = keyword
    }
}
