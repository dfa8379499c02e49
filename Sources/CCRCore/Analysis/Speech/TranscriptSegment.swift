/// What was said in one utterance, as the transcription engine heard it: the
/// `transcript.segment` event on the live channel, stored with the call.
public struct TranscriptSegment: Sendable, Equatable, Codable {
    public var callId: String
    public var agentId: String
    public var team: String?
    public var leg: Leg
    /// Media time, seconds from the call's first audio.
    public var start: Double
    public var end: Double
    public var text: String
    /// The words with their times, when the engine gives them.
    public var words: [TranscriptWord]
    /// The language it was transcribed in (`en`, `fr`, …).
    public var language: String
    /// The engine's mean token probability (0 … 1).
    public var confidence: Double

    public init(
        callId: String, agentId: String, team: String?, leg: Leg, start: Double, end: Double, text: String,
        words: [TranscriptWord] = [], language: String, confidence: Double
    ) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.leg = leg
        self.start = start
        self.end = end
        self.text = text
        self.words = words
        self.language = language
        self.confidence = confidence
    }
}
