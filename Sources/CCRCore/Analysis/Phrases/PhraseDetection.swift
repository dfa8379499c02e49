/// A phrase heard in a call: the `phrase.detected` event, live and stored with the call.
public struct PhraseDetection: Sendable, Equatable, Codable {
    public var callId: String
    public var agentId: String
    public var team: String?
    public var leg: Leg
    /// Which set it belongs to: irritant, script (a step) or category.
    public var set: PhraseKind
    /// The phrase's id: the irritant, the script step or the category.
    public var phrase: String
    /// The words heard (folded: lower case, no accents or punctuation, numbers in digits).
    public var text: String
    /// The language the segment was heard in.
    public var language: String
    /// Media time, seconds from the call's first audio.
    public var start: Double
    public var end: Double
    /// How close the words were to the phrase, times the engine's own confidence, 0 … 1.
    public var confidence: Double

    public init(
        callId: String, agentId: String, team: String?, leg: Leg, set: PhraseKind, phrase: String, text: String,
        language: String, start: Double, end: Double, confidence: Double
    ) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.leg = leg
        self.set = set
        self.phrase = phrase
        self.text = text
        self.language = language
        self.start = start
        self.end = end
        self.confidence = confidence
    }
}
