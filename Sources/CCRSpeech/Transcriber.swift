import Foundation

#if canImport(CWhisper)
import CWhisper
#endif

/// Speech to text on the box: one Whisper model loaded by whisper.cpp and shared by every
/// decoding thread, each with its own decoding state (`WhisperDecoder`, ~56 MB).
///
/// Decoding guards against Whisper's failure modes on telephone audio: greedy, without the
/// temperature fallback (which turns a hard stretch into loops and invented text), with a cap on
/// tokens per segment; each segment's no-speech probability and mean log-probability are
/// returned for the caller to judge.
public final class Transcriber: SpeechEngine, @unchecked Sendable {
    // @unchecked: the context is read-only once loaded (whisper.cpp keeps all that a decoding
    // changes in its state), so threads with their own state share it; it is freed in deinit.

    /// Whether this build carries the engine (`make asr` before building).
    public static var isAvailable: Bool {
        #if canImport(CWhisper)
        true
        #else
        false
        #endif
    }

    /// Audio up to this long (9.5 s at 16 kHz) is decoded with a 10 s encoder window.
    static let shortUtteranceSamples = 152_000

    /// Tokens one segment may hold: a Whisper loop stops here.
    public static let maxTokensPerSegment: Int32 = 96

    public let modelPath: String
    let threads: Int32
    #if canImport(CWhisper)
    let context: OpaquePointer
    #endif

    public var name: String { "whisper.cpp (\((modelPath as NSString).lastPathComponent))" }

    /// Loads the model at `path` (ggml, as `make asr` writes it); `threads` decode each utterance.
    public init(modelPath path: String, threads: Int = 1) throws(TranscriptionError) {
        modelPath = path
        self.threads = Int32(max(1, min(threads, 64)))
        #if canImport(CWhisper)
        guard FileManager.default.fileExists(atPath: path) else { throw .modelNotFound(path: path) }
        Self.silenceLibraryLog
        var parameters = whisper_context_default_params()
        parameters.use_gpu = false
        guard let made = whisper_init_from_file_with_params_no_state(path, parameters) else { throw .modelUnreadable(path: path) }
        context = made
        #else
        throw .unavailable
        #endif
    }

    deinit {
        #if canImport(CWhisper)
        whisper_free(context)
        #endif
    }

    public func makeDecoder() throws(TranscriptionError) -> any SpeechDecoder {
        try WhisperDecoder(transcriber: self)
    }

    /// The segments of `samples` (16 kHz mono, −1 … 1); `language` a Whisper code (`en`, `fr`)
    /// or `auto`. A decoding state of its own for the call: for one-off use (`ccrd transcribe`).
    public func transcribe(_ samples: [Float], language: String, prompt: String? = nil) throws(TranscriptionError) -> [RecognizedSegment] {
        try makeDecoder().transcribe(samples, language: language, prompt: prompt)
    }

    #if canImport(CWhisper)
    /// whisper.cpp and ggml log to stderr by default; ccrd has its own log.
    private static let silenceLibraryLog: Void = {
        whisper_log_set({ _, _, _ in }, nil)
    }()
    #endif
}
