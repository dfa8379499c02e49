import CCRCore
import Foundation

/// Step 7d: precision and recall of phrase detection on our own corpus (Benchmarks/phrase-corpus.json:
/// irritants, script steps and category keywords in English and French, with look-alikes that must
/// not match). Each line goes through the call tracker with the shipped phrase book: on its text
/// (the matcher alone), then spoken by espeak-ng / flite, clean (16 kHz), through G.711 µ-law and
/// through Opus 24 kb/s, and transcribed by `ccrd transcribe` (the live decoder's settings), without
/// and with the phrase book as the decoder's prompt (`phrases.prompt`). It
/// also times the matching itself: microseconds per transcript segment with the whole book.
enum PhraseAccuracy {
    struct Row: Codable {
        var language: String
        var voice: String
        var condition: String
        var lines: Int
        var truePositives: Int
        var falsePositives: Int
        var falseNegatives: Int
        /// Per set (irritant, script, category): true positives, false positives, false negatives.
        var bySet: [String: [Int]]
        var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
        /// What went wrong, line by line: "expected − found" / "found − expected" with what was heard.
        var misses: [String]
    }

    struct Corpus: Decodable {
        struct Line: Decodable {
            var language: String
            var leg: Leg
            var text: String
            var expect: [String]
        }
        var lines: [Line]
    }

    static let voices: [(String, String, [String])] = [
        ("en", "espeak-ng en-us", ["espeak-ng", "-v", "en-us"]),
        ("en", "flite slt", ["flite", "-voice", "slt"]),
        ("fr", "espeak-ng fr", ["espeak-ng", "-v", "fr"]),
    ]

    static func run(corpusPath: String, binary: String, model: String, work: String, log: (String) -> Void) throws -> (rows: [Row], microsecondsPerSegment: Double) {
        let corpus = try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: URL(fileURLWithPath: corpusPath)))
        let directory = "\(work)/phrase-corpus"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var rows: [Row] = []
        func score(_ language: String, voice: String, condition: String, _ texts: [(Corpus.Line, String)]) -> Row {
            var row = Row(language: language, voice: voice, condition: condition, lines: texts.count, truePositives: 0, falsePositives: 0, falseNegatives: 0, bySet: [:], misses: [])
            for (line, text) in texts {
                let found = CallPhraseTracker.heard(text, leg: line.leg, language: language)
                let expected = Set(line.expect)
                for hit in found.union(expected) {
                    let set = String(hit.split(separator: "/")[0])
                    var counts = row.bySet[set] ?? [0, 0, 0]
                    if found.contains(hit) && expected.contains(hit) { row.truePositives += 1; counts[0] += 1 }
                    else if found.contains(hit) { row.falsePositives += 1; counts[1] += 1 }
                    else { row.falseNegatives += 1; counts[2] += 1 }
                    row.bySet[set] = counts
                }
                if found != expected {
                    row.misses.append("missed \(expected.subtracting(found).sorted()) extra \(found.subtracting(expected).sorted()) in \"\(text)\"")
                }
            }
            log(String(format: "  %@ %@ %@: precision %.3f recall %.3f (tp %d fp %d fn %d)", language, voice, condition, row.precision, row.recall,
                       row.truePositives, row.falsePositives, row.falseNegatives))
            for miss in row.misses { log("      \(miss)") }
            return row
        }
        for language in ["en", "fr"] {
            let lines = corpus.lines.filter { $0.language == language }
            rows.append(score(language, voice: "-", condition: "text", lines.map { ($0, $0.text) }))
        }
        for (language, voice, speaker) in voices {
            if Shell.which(speaker[0]) == nil {
                log("  \(voice): \(speaker[0]) is not installed, skipped")
                continue
            }
            let lines = corpus.lines.filter { $0.language == language }
            for condition in TranscriptionAccuracy.conditions {
                for prompted in [false, true] {
                    var texts: [(Corpus.Line, String)] = []
                    for (index, line) in lines.enumerated() {
                        let base = "\(directory)/\(language)-\(voice.replacingOccurrences(of: " ", with: "_"))-\(index)"
                        let file = try TranscriptionAccuracy.render(line.text, speaker: speaker, condition: condition, base: base)
                        texts.append(
                            (line, try TranscriptionAccuracy.transcribe(file, language: language, binary: binary, model: model, extra: prompted ? ["--phrase-prompt"] : [])))
                    }
                    rows.append(score(language, voice: voice, condition: condition + (prompted ? " + prompt" : ""), texts))
                }
            }
        }
        // The matching's own cost: every corpus line through a fresh tracker, many times.
        let clock = ContinuousClock()
        let rounds = 200
        let elapsed = clock.measure {
            for _ in 0..<rounds {
                for line in corpus.lines { _ = CallPhraseTracker.heard(line.text, leg: line.leg, language: line.language) }
            }
        }
        let microseconds = Double(elapsed.components.attoseconds / 1_000_000_000_000 + elapsed.components.seconds * 1_000_000)
            / Double(rounds * corpus.lines.count)
        log(String(format: "  matching: %.1f µs per segment (whole shipped book, one thread)", microseconds))
        return (rows, microseconds)
    }
}
