/// One stretch of speech and what was said in it, as the transcription engine returns it.
public struct TranscriptSegment: Sendable, Equatable, Codable {
    /// Seconds from the start of the audio given.
    public var start: Double
    public var end: Double
    public var text: String
    /// The engine's probability that the stretch holds no speech (0 … 1).
    public var noSpeechProbability: Double

    public init(start: Double, end: Double, text: String, noSpeechProbability: Double) {
        self.start = start
        self.end = end
        self.text = text
        self.noSpeechProbability = noSpeechProbability
    }
}
