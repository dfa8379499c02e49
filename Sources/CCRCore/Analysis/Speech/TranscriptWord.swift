/// One word of a transcript segment with its media time, seconds.
public struct TranscriptWord: Sendable, Equatable, Codable {
    public var text: String
    public var start: Double
    public var end: Double
    /// The engine's probability for the word (its tokens' mean), 0 … 1.
    public var probability: Double

    public init(text: String, start: Double, end: Double, probability: Double) {
        self.text = text
        self.start = start
        self.end = end
        self.probability = probability
    }
}
