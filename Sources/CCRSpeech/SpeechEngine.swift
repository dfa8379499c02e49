/// A way to turn speech into text: the embedded whisper.cpp model (`Transcriber`), or an
/// OpenAI-compatible server next to ccrd. Shared by every decoding thread.
public protocol SpeechEngine: Sendable {
    /// For logs and `/readyz`: `whisper.cpp (ggml-base.bin)`, `openai (http://…)`.
    var name: String { get }
    /// A decoder for one thread: its own decoding state, used by that thread only.
    func makeDecoder() throws(TranscriptionError) -> any SpeechDecoder
}

/// One thread's way to the engine. Blocking: call it off the event loops.
public protocol SpeechDecoder {
    /// Which of `candidates` (Whisper codes such as `fr`, `en`) the audio is spoken in, and the
    /// engine's probability for it among them (0 … 1; 1 when the engine gives none).
    func detectLanguage(_ samples: [Float], among candidates: [String]) throws(TranscriptionError) -> (code: String, probability: Double)
    /// What `samples` (16 kHz mono, −1 … 1, up to ~30 s) say in `language`; `prompt`, when
    /// given, is words the engine is told to expect (the phrase book's, `phrases.prompt`).
    func transcribe(_ samples: [Float], language: String, prompt: String?) throws(TranscriptionError) -> [RecognizedSegment]
}

extension SpeechDecoder {
    /// What `samples` say in `language`, without a prompt.
    public func transcribe(_ samples: [Float], language: String) throws(TranscriptionError) -> [RecognizedSegment] {
        try transcribe(samples, language: language, prompt: nil)
    }
}
