import CCRStore

/// A phrase heard in a stored call, as the API shows it (`text` is null once the transcripts'
/// retention has passed).
struct PhraseResponse: Encodable, Equatable {
    var set: String
    var phrase: String
    var leg: String
    var start: Double
    var end: Double
    var text: String?
    var language: String
    var confidence: Double

    init(_ stored: StoredPhrase) {
        set = stored.kind
        phrase = stored.phrase
        leg = stored.leg
        start = stored.start
        end = stored.end
        text = stored.text
        language = stored.language
        confidence = stored.confidence
    }
}
