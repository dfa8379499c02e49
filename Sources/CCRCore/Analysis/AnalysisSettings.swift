/// How calls are analysed: the `analysis`, `scorecard` and `alerts` sections of the configuration.
public struct AnalysisSettings: Sendable, Equatable {
    /// Length of a scored window, seconds (default 30).
    public var windowLength: Double = 30
    /// A window is scored every `windowHop` seconds of media time (default 5).
    public var windowHop: Double = 5
    /// How far one leg may run ahead before the other's missing frames count as silence, seconds.
    public var maxLegSkew: Double = 0.2
    public var vad = VoiceActivityDetector.Settings()
    public var scorecard = Scorecard.standard
    public var alertRules = AlertRule.standard
    /// How speech is cut into utterances for transcription; nil (the default) cuts none.
    public var utterances: UtteranceSettings?

    public init() {}
}
