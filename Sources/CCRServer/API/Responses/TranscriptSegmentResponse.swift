import CCRCore
import CCRStore

/// One segment of a stored call's transcript as the API shows it.
struct TranscriptSegmentResponse: Encodable, Equatable {
    var leg: String
    var start: Double
    var end: Double
    var text: String
    var words: [TranscriptWord]
    var language: String
    var confidence: Double

    init(_ segment: StoredTranscriptSegment) {
        leg = segment.leg
        start = segment.start
        end = segment.end
        text = segment.text
        words = segment.wordList
        language = segment.language
        confidence = segment.confidence
    }
}
