import Foundation
import Synchronization

#if canImport(CWhisper)
import CWhisper
#endif

/// Speech to text on the box: one Whisper model loaded by whisper.cpp, transcribing 16 kHz mono
/// audio (an utterance of up to ~30 s) in a given language or the one it detects.
///
/// Decoding guards against Whisper's failure modes on telephone audio: greedy, without the
/// temperature fallback (which turns a hard stretch into loops and invented text), with a cap on
/// tokens per segment, each segment's no-speech probability returned for the caller to judge.
/// One decoding at a time per transcriber (whisper.cpp's context holds one decoding state);
/// calls from other threads wait. Blocking: call it off the event loops.
public final class Transcriber: Sendable {
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
    private let threads: Int32
    #if canImport(CWhisper)
    private let context: Mutex<OpaquePointer>
    #endif

    /// Loads the model at `path` (ggml, as `make asr` writes it); `threads` decode each utterance.
    public init(modelPath path: String, threads: Int = 1) throws(TranscriptionError) {
        modelPath = path
        self.threads = Int32(max(1, min(threads, 64)))
        #if canImport(CWhisper)
        guard FileManager.default.fileExists(atPath: path) else { throw .modelNotFound(path: path) }
        Self.silenceLibraryLog
        var parameters = whisper_context_default_params()
        parameters.use_gpu = false
        guard let made = whisper_init_from_file_with_params(path, parameters) else { throw .modelUnreadable(path: path) }
        context = Mutex(made)
        #else
        throw .unavailable
        #endif
    }

    deinit {
        #if canImport(CWhisper)
        context.withLock { whisper_free($0) }
        #endif
    }

    /// The segments of `samples` (16 kHz mono, −1 … 1); `language` a Whisper code (`en`, `fr`)
    /// or `auto`.
    public func transcribe(_ samples: [Float], language: String) throws(TranscriptionError) -> [TranscriptSegment] {
        #if canImport(CWhisper)
        guard language == "auto" || whisper_lang_id(language) >= 0 else { throw .unknownLanguage(language) }
        let result: Result<[TranscriptSegment], TranscriptionError> = context.withLock { context in
            language.withCString { code in
                var parameters = whisper_full_default_params(WHISPER_SAMPLING_GREEDY)
                parameters.n_threads = threads
                parameters.language = code
                parameters.detect_language = false
                parameters.no_context = true
                parameters.print_progress = false
                parameters.print_realtime = false
                parameters.print_timestamps = false
                parameters.print_special = false
                parameters.temperature = 0
                parameters.temperature_inc = 0
                parameters.max_tokens = Self.maxTokensPerSegment
                // An utterance (≤ 9.5 s) needs only a third of Whisper's 30 s window: the encoder
                // costs about a quarter as much. Longer audio keeps the whole window.
                if samples.count <= Self.shortUtteranceSamples { parameters.audio_ctx = 500 }
                let status = samples.withUnsafeBufferPointer { buffer in
                    whisper_full(context, parameters, buffer.baseAddress, Int32(buffer.count))
                }
                guard status == 0 else { return .failure(.decodingFailed(Int(status))) }
                var segments: [TranscriptSegment] = []
                for index in 0..<whisper_full_n_segments(context) {
                    let text = whisper_full_get_segment_text(context, index).map { String(cString: $0) } ?? ""
                    segments.append(
                        TranscriptSegment(
                            start: Double(whisper_full_get_segment_t0(context, index)) / 100,
                            end: Double(whisper_full_get_segment_t1(context, index)) / 100,
                            text: text.trimmingCharacters(in: .whitespaces),
                            noSpeechProbability: Double(whisper_full_get_segment_no_speech_prob(context, index))))
                }
                return .success(segments)
            }
        }
        return try result.get()
        #else
        throw .unavailable
        #endif
    }

    #if canImport(CWhisper)
    /// whisper.cpp and ggml log to stderr by default; ccrd has its own log.
    private static let silenceLibraryLog: Void = {
        whisper_log_set({ _, _, _ in }, nil)
    }()
    #endif
}
