import Foundation
import Testing

@testable import CCRCore

/// The phrase corpus (Benchmarks/phrase-corpus.json) through the call tracker, on its text: every
/// phrase it says is found and nothing else — look-alikes included. ccrd-bench measures the same
/// lines spoken and transcribed (Benchmarks/README.md).
@Suite("Phrase corpus")
struct PhraseCorpusTests {
    struct Corpus: Decodable {
        struct Line: Decodable {
            var language: String
            var leg: Leg
            var text: String
            var expect: [String]
        }
        var lines: [Line]
    }

    static func heard(_ text: String, leg: Leg, language: String) -> Set<String> {
        var tracker = CallPhraseTracker(callId: "c", agentId: "a", team: nil, book: .standard, rules: [])
        let events = tracker.hear(
            TranscriptSegment(callId: "c", agentId: "a", team: nil, leg: leg, start: 0, end: 3, text: text, language: language, confidence: 1))
        return Set(events.compactMap { if case .phraseDetected(let found) = $0 { "\(found.set.rawValue)/\(found.phrase)" } else { nil } })
    }

    @Test func everyLineFindsWhatItSaysAndNothingElse() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Benchmarks/phrase-corpus.json")
        let corpus = try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: path))
        #expect(corpus.lines.count >= 40)
        #expect(corpus.lines.filter(\.expect.isEmpty).count >= 10, "look-alikes")
        for line in corpus.lines {
            #expect(Self.heard(line.text, leg: line.leg, language: line.language) == Set(line.expect), "\(line.text)")
        }
    }
}
