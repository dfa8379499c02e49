import CCRCore

/// One stretch of speech and what was said in it, as a transcription engine returns it (times
/// from the start of the audio it was given).
public struct RecognizedSegment: Sendable, Equatable, Codable {
    /// Seconds from the start of the audio given.
    public var start: Double
    public var end: Double
    public var text: String
    /// The engine's probability that the stretch holds no speech (0 … 1).
    public var noSpeechProbability: Double
    /// Mean log-probability of its text tokens (0 is certain; Whisper's own filter drops < −1).
    public var averageLogProbability: Double
    /// Mean probability of its text tokens (0 … 1).
    public var meanProbability: Double
    /// The words, their times (like the segment's) from the start of the audio given.
    public var words: [TranscriptWord]

    public init(
        start: Double, end: Double, text: String, noSpeechProbability: Double, averageLogProbability: Double = 0,
        meanProbability: Double = 1, words: [TranscriptWord] = []
    ) {
        self.start = start
        self.end = end
        self.text = text
        self.noSpeechProbability = noSpeechProbability
        self.averageLogProbability = averageLogProbability
        self.meanProbability = meanProbability
        self.words = words
    }
}
