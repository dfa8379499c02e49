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

    @Test func everyLineFindsWhatItSaysAndNothingElse() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Benchmarks/phrase-corpus.json")
        let corpus = try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: path))
        #expect(corpus.lines.count >= 40)
        #expect(corpus.lines.filter(\.expect.isEmpty).count >= 10, "look-alikes")
        for line in corpus.lines {
            #expect(CallPhraseTracker.heard(line.text, leg: line.leg, language: line.language) == Set(line.expect), "\(line.text)")
        }
    }
}
