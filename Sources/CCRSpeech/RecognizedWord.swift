/// One word an engine heard, with its times (seconds from the start of the audio given) and probability.
public struct RecognizedWord: Sendable, Equatable, Codable {
    public var text: String
    public var start: Double
    public var end: Double
    public var probability: Double

    public init(text: String, start: Double, end: Double, probability: Double) {
        self.text = text
        self.start = start
        self.end = end
        self.probability = probability
    }
}
