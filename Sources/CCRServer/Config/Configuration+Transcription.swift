import CCRCore
import Foundation

extension Configuration {
    /// The `transcription` section.
    static func transcriptionSettings(_ reader: ConfigReader, storagePath: String) throws(ConfigError) -> TranscriptionSettings {
        var settings = TranscriptionSettings()
        settings.enabled = try reader.bool("transcription.enabled", default: settings.enabled)
        settings.engine = try reader.choice("transcription.engine", default: settings.engine)
        settings.model = try reader.optionalString("transcription.model").flatMap { $0.isEmpty ? nil : $0 }
            ?? Self.defaultModelPath(storagePath: storagePath)
        settings.workers = try reader.int("transcription.workers", default: settings.workers, range: 1...64)
        settings.threadsPerUtterance = try reader.int(
            "transcription.threadsPerUtterance", default: settings.threadsPerUtterance, range: 1...16)
        settings.language = try Self.language(reader, "transcription.language", default: settings.language, allowsAuto: true)
        let detect = try reader.string("transcription.detect", default: settings.detect.joined(separator: ","))
        settings.detect = detect.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !settings.detect.isEmpty, settings.detect.count <= 10, settings.detect.allSatisfy(Self.isLanguageCode) else {
            throw .invalidValue(
                key: "transcription.detect", value: detect, expected: "Whisper language codes separated by commas, such as fr,en",
                origin: "configuration")
        }
        for (key, id) in [("transcription.teams", "team"), ("transcription.agents", "id")] {
            let pairs = try reader.list(key) { item throws(ConfigError) -> (String, String) in
                guard let name = try item.optionalString(id), !name.isEmpty else {
                    throw .invalidValue(key: "\(key)[].\(id)", value: "", expected: "the \(id == "id" ? "agent's id" : "team's name")", origin: "configuration")
                }
                return (name, try Self.language(item, "language", default: "auto", allowsAuto: false))
            }
            let map = Dictionary(pairs, uniquingKeysWith: { _, last in last })
            if key == "transcription.teams" { settings.teamLanguages = map } else { settings.agentLanguages = map }
        }
        settings.maxLag = try reader.duration("transcription.maxLag", default: settings.maxLag, range: .seconds(1)...(.seconds(3600)))
        settings.maxBacklogSeconds = try reader.seconds(
            "transcription.maxBacklog", default: settings.maxBacklogSeconds, range: 10...86400)
        settings.maxNoSpeechProbability = try reader.double(
            "transcription.maxNoSpeechProbability", default: settings.maxNoSpeechProbability, range: 0...1)
        settings.minAverageLogProbability = try reader.double(
            "transcription.minAverageLogProbability", default: settings.minAverageLogProbability, range: -20...0)
        settings.redactDigits = try reader.int("transcription.redactDigits", default: settings.redactDigits, range: 0...64)
        settings.utterances.maxSeconds = try reader.seconds(
            "transcription.maxUtterance", default: settings.utterances.maxSeconds, range: 2...28)
        if let url = try reader.optionalString("transcription.server.url") {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw .invalidValue(
                    key: "transcription.server.url", value: url, expected: "an http(s) URL such as http://127.0.0.1:8000",
                    origin: "configuration")
            }
            var server = TranscriptionServer(
                url: url, model: try reader.string("transcription.server.model", default: "whisper-1"),
                apiKey: try reader.optionalString("transcription.server.apiKey").flatMap { $0.isEmpty ? nil : $0 })
            server.timeout = try reader.duration(
                "transcription.server.timeout", default: server.timeout, range: .seconds(1)...(.seconds(600)))
            settings.server = server
        }
        if settings.engine == .openai && settings.server == nil {
            throw .invalidValue(
                key: "transcription.server.url", value: "", expected: "the server's URL: transcription.engine is openai",
                origin: "configuration")
        }
        return settings
    }

    /// `models/ggml-base.bin` in the directory of the state database (where install puts it).
    static func defaultModelPath(storagePath: String) -> String {
        let directory = (storagePath as NSString).deletingLastPathComponent
        return (directory.isEmpty ? "." : directory) + "/models/ggml-base.bin"
    }

    static func isLanguageCode(_ code: String) -> Bool {
        (2...3).contains(code.count) && code.allSatisfy { $0.isASCII && $0.isLowercase }
    }

    private static func language(_ reader: ConfigReader, _ key: String, default defaultValue: String, allowsAuto: Bool) throws(ConfigError) -> String {
        let code = try reader.string(key, default: defaultValue)
        guard (allowsAuto && code == "auto") || isLanguageCode(code) else {
            throw .invalidValue(
                key: key, value: code, expected: "a Whisper language code such as fr or en\(allowsAuto ? ", or auto" : "")",
                origin: "configuration")
        }
        return code
    }
}
