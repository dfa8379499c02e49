import CCRCore
import Foundation

/// The `verbose_json` answer of an OpenAI-compatible transcription server.
struct OpenAITranscription: Decodable {
    struct Segment: Decodable {
        var start: Double
        var end: Double
        var text: String
        var avg_logprob: Double?
        var no_speech_prob: Double?
        var words: [Word]?
    }

    struct Word: Decodable {
        var word: String
        var start: Double
        var end: Double
        var probability: Double?
    }

    var text: String
    var language: String?
    var segments: [Segment]?
    var words: [Word]?

    /// Whisper's language names, as OpenAI answers them, to codes (servers that answer codes pass through).
    static func code(_ language: String) -> String {
        let names = ["english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it", "dutch": "nl", "portuguese": "pt", "arabic": "ar"]
        return names[language.lowercased()] ?? language.lowercased()
    }

    /// As the engine-neutral segments; words placed in the segment they fall in.
    func segments(audioSeconds: Double) -> [RecognizedSegment] {
        // Some servers give the words in each segment and again at the top: the segments' first.
        let segmentWords = (segments ?? []).flatMap { $0.words ?? [] }
        let allWords = segmentWords.isEmpty ? (words ?? []) : segmentWords
        guard let segments, !segments.isEmpty else {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? [] : [RecognizedSegment(start: 0, end: audioSeconds, text: trimmed, noSpeechProbability: 0, words: Self.recognized(allWords))]
        }
        return segments.map { segment in
            let inside = allWords.filter { $0.start >= segment.start - 0.01 && $0.start < segment.end }
            let recognized = Self.recognized(inside)
            let mean = recognized.isEmpty ? (segment.avg_logprob.map { exp(min(0, $0)) } ?? 1) : recognized.map(\.probability).reduce(0, +) / Double(recognized.count)
            return RecognizedSegment(
                start: segment.start, end: segment.end, text: segment.text.trimmingCharacters(in: .whitespaces),
                noSpeechProbability: segment.no_speech_prob ?? 0, averageLogProbability: segment.avg_logprob ?? 0,
                meanProbability: mean, words: recognized)
        }
    }

    private static func recognized(_ words: [Word]) -> [TranscriptWord] {
        words.map { word in
            let probability = word.probability.map { $0.isFinite ? min(1, max(0, $0)) : 0 } ?? 1
            return TranscriptWord(text: word.word.trimmingCharacters(in: .whitespaces), start: word.start, end: word.end, probability: probability)
        }
    }
}
