import CCRSpeech
import Logging

extension TranscriptionService {
    /// The service as configured: its engine made (whisper.cpp reads its model once, here), or
    /// the reason there is none, said in the log. ccrd runs either way; only transcription is
    /// missing, and `/readyz` says so.
    public static func load(settings: TranscriptionSettings, logger: Logger) -> TranscriptionService {
        guard settings.enabled else {
            logger.info("transcription is off (transcription.enabled: false)")
            return TranscriptionService(settings: settings, engine: nil, logger: logger)
        }
        do {
            let engine: any SpeechEngine
            switch settings.engine {
            case .whisper:
                engine = try Transcriber(modelPath: settings.model ?? "models/ggml-base.bin", threads: settings.threadsPerUtterance)
            case .openai:
                guard let server = settings.server else { throw TranscriptionError.serverUnusable(url: "", reason: "transcription.server.url is not set") }
                engine = try OpenAIEngine(url: server.url, model: server.model, apiKey: server.apiKey, timeout: server.timeout)
            }
            return TranscriptionService(settings: settings, engine: engine, logger: logger)
        } catch {
            logger.warning(
                "transcription is unavailable; calls are analysed and stored without transcripts",
                metadata: ["error": "\(error)", "transcription.engine": "\(settings.engine.rawValue)"])
            return TranscriptionService(settings: settings, engine: nil, unavailableReason: "\(error)", logger: logger)
        }
    }
}
