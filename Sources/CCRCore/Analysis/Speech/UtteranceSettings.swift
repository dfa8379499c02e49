/// How a leg's speech is cut into utterances for transcription (set from `transcription.*`;
/// nil in `AnalysisSettings` when nothing transcribes, and then nothing is cut).
public struct UtteranceSettings: Sendable, Equatable {
    /// Longest utterance, seconds: longer speech is cut at its quietest frame near the cap. Whisper
    /// decodes up to 9.5 s with a 10 s encoder window, a quarter of the cost of its full window.
    public var maxSeconds = 9.5
    /// Audio kept before the speech starts and after it ends, seconds.
    public var marginSeconds = 0.2
    /// Speech shorter than this is not sent (a cough, a click), seconds.
    public var minSpeechSeconds = 0.3
    /// How far back from the cap the cut may move to find a quiet frame, seconds.
    public var cutSearchSeconds = 1.5

    public init() {}
}
