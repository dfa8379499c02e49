/// Why transcription could not run, worded for the operator.
public enum TranscriptionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// This build has no transcription engine (`make asr` was not run before building).
    case unavailable
    case modelNotFound(path: String)
    /// whisper.cpp would not load the file (not a ggml Whisper model, or damaged).
    case modelUnreadable(path: String)
    /// A language code whisper does not know.
    case unknownLanguage(String)
    /// whisper_full failed (its code).
    case decodingFailed(Int)
    /// The transcription server could not be reached (connection refused, timeout).
    case serverUnreachable(url: String, reason: String)
    /// The server answered with an error.
    case serverRefused(url: String, status: Int, message: String)
    /// The server's address or answer cannot be used.
    case serverUnusable(url: String, reason: String)

    public var description: String {
        switch self {
        case .unavailable:
            "transcription is not available in this build: install it with `make asr` (Tools/asr/install.sh), then build again"
        case .modelNotFound(let path):
            "no transcription model at \(path): `make asr` converts it, and `Tools/asr/install-model.sh STATE_DIR` puts it in STATE_DIR/models (make run and make install do)"
        case .modelUnreadable(let path):
            "\(path) is not a whisper.cpp (ggml) Whisper model, or it is damaged: run `make asr` again"
        case .unknownLanguage(let code):
            "unknown language '\(code)': use a Whisper language code such as en or fr, or auto"
        case .decodingFailed(let code):
            "the transcription engine failed (whisper_full returned \(code))"
        case .serverUnreachable(let url, let reason):
            "the transcription server at \(url) cannot be reached: \(reason)"
        case .serverRefused(let url, let status, let message):
            "the transcription server at \(url) answered \(status): \(message)"
        case .serverUnusable(let url, let reason):
            "the transcription server at \(url) cannot be used: \(reason)"
        }
    }
}
