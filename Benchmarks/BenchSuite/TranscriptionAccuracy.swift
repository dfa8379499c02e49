import Foundation

/// Step 7a: word error rate of the embedded engine on our own corpus — call-centre sentences in
/// English and French, spoken by espeak-ng and flite voices, clean (16 kHz), through G.711 µ-law
/// (8 kHz) and through Opus 24 kb/s — each file transcribed by `ccrd transcribe` (the live
/// decoder's settings: greedy, no fallback, one thread, 10 s window) in its language.
enum TranscriptionAccuracy {
    struct Row: Codable {
        var language: String
        var voice: String
        var condition: String
        var sentences: Int
        var words: Int
        var wordErrorRate: Double
        /// Wall seconds per audio second of `ccrd transcribe`, model loading included.
        var secondsPerAudioSecond: Double
    }

    static let english = [
        "Good morning, thank you for calling customer service, my name is Paul.",
        "I would like to change the address on my contract, please.",
        "My internet connection has been down since yesterday evening.",
        "I was charged twice on my last bill and I want a refund.",
        "Let me check your account, it will only take a moment.",
        "Is there anything else I can help you with today?",
    ]
    static let french = [
        "Bonjour, merci d'avoir appelé le service client, je m'appelle Paul.",
        "Je voudrais changer l'adresse de mon contrat, s'il vous plaît.",
        "Ma connexion internet ne fonctionne plus depuis hier soir.",
        "J'ai été prélevé deux fois sur ma dernière facture.",
        "Je vérifie votre dossier, cela ne prendra qu'un instant.",
        "Puis-je vous aider pour autre chose aujourd'hui ?",
    ]
    /// (language, voice name, how to speak: espeak-ng voice or flite voice).
    static let voices: [(String, String, [String])] = [
        ("en", "espeak-ng en-us", ["espeak-ng", "-v", "en-us"]),
        ("en", "espeak-ng en+f3", ["espeak-ng", "-v", "en+f3"]),
        ("en", "flite slt", ["flite", "-voice", "slt"]),
        ("fr", "espeak-ng fr", ["espeak-ng", "-v", "fr"]),
        ("fr", "espeak-ng fr+f2", ["espeak-ng", "-v", "fr+f2"]),
    ]
    static let conditions = ["clean", "g711", "opus"]

    static func run(binary: String, model: String, work: String, log: (String) -> Void) throws -> [Row] {
        let directory = "\(work)/asr-corpus"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var rows: [Row] = []
        for (language, voice, speaker) in voices {
            if Shell.which(speaker[0]) == nil {
                log("  \(voice): \(speaker[0]) is not installed, skipped")
                continue
            }
            let sentences = language == "en" ? english : french
            for condition in conditions {
                var errors = 0.0
                var words = 0
                var audio = 0.0
                var wall = 0.0
                for (index, sentence) in sentences.enumerated() {
                    let base = "\(directory)/\(language)-\(voice.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "+", with: "_"))-\(index)"
                    let file = try render(sentence, speaker: speaker, condition: condition, base: base)
                    audio += seconds(of: file)
                    let started = Date()
                    let heard = try transcribe(file, language: language, binary: binary, model: model)
                    wall += Date().timeIntervalSince(started)
                    let reference = normalized(sentence)
                    errors += Double(editDistance(normalized(heard), reference))
                    words += reference.count
                }
                let row = Row(
                    language: language, voice: voice, condition: condition, sentences: sentences.count, words: words,
                    wordErrorRate: errors / Double(max(1, words)), secondsPerAudioSecond: wall / max(0.001, audio))
                log(String(format: "  %@ %@ %@: WER %.3f (%d words)", language, voice, condition, row.wordErrorRate, words))
                rows.append(row)
            }
        }
        return rows
    }

    /// The sentence spoken and put through `condition`, as a 16 kHz WAV.
    static func render(_ sentence: String, speaker: [String], condition: String, base: String) throws -> String {
        let raw = base + "-raw.wav"
        let clean = base + "-clean.wav"
        if !FileManager.default.fileExists(atPath: clean) {
            if speaker[0] == "flite" {
                try Shell.run("flite", Array(speaker.dropFirst()) + ["-t", sentence, "-o", raw])
            } else {
                try Shell.run(speaker[0], Array(speaker.dropFirst()) + ["-w", raw, sentence])
            }
            try Shell.run("sox", [raw, "-r", "16000", "-c", "1", "-b", "16", clean])
        }
        let out = base + "-\(condition).wav"
        guard condition != "clean" else { return clean }
        if !FileManager.default.fileExists(atPath: out) {
            switch condition {
            case "g711":
                try Shell.run("sox", [clean, "-r", "8000", "-e", "u-law", base + "-ulaw.wav"])
                try Shell.run("sox", [base + "-ulaw.wav", "-e", "signed", "-b", "16", "-r", "16000", out])
            default:
                try Shell.run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", clean, "-ar", "48000", "-c:a", "libopus", "-b:a", "24k",
                                         "-application", "voip", "-frame_duration", "20", base + ".opus"])
                try Shell.run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", "-i", base + ".opus", "-ar", "16000", "-ac", "1", out])
            }
        }
        return out
    }

    static func seconds(of wav: String) -> Double {
        let size = (try? FileManager.default.attributesOfItem(atPath: wav)[.size] as? Int) ?? 44
        return Double(max(0, size - 44)) / 32_000
    }

    static func transcribe(_ file: String, language: String, binary: String, model: String, extra: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["transcribe", file, "--language", language, "--model", model, "--threads", "1", "--format", "json"] + extra
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let segments = (try? JSONSerialization.jsonObject(with: data)) as? [[String: Any]] ?? []
        return segments.compactMap { $0["text"] as? String }.joined(separator: " ")
    }

    /// Words, lower case, punctuation aside; elided articles split ("l'adresse" → "l", "adresse").
    static func normalized(_ text: String) -> [String] {
        text.lowercased().components(separatedBy: CharacterSet.alphanumerics.inverted).filter { !$0.isEmpty }
    }

    static func editDistance(_ hypothesis: [String], _ reference: [String]) -> Int {
        var row = Array(0...hypothesis.count)
        for (i, word) in reference.enumerated() {
            var next = [i + 1] + Array(repeating: 0, count: hypothesis.count)
            for j in 0..<hypothesis.count {
                next[j + 1] = min(row[j + 1] + 1, next[j] + 1, row[j] + (hypothesis[j] == word ? 0 : 1))
            }
            row = next
        }
        return row[hypothesis.count]
    }
}
