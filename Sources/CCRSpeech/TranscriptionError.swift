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

    public var description: String {
        switch self {
        case .unavailable:
            "transcription is not available in this build: install it with `make asr` (Tools/asr/install.sh), then build again"
        case .modelNotFound(let path):
            "no transcription model at \(path): `make asr` converts it there"
        case .modelUnreadable(let path):
            "\(path) is not a whisper.cpp (ggml) Whisper model, or it is damaged: run `make asr` again"
        case .unknownLanguage(let code):
            "unknown language '\(code)': use a Whisper language code such as en or fr, or auto"
        case .decodingFailed(let code):
            "the transcription engine failed (whisper_full returned \(code))"
        }
    }
}
