import CCRCore

/// How calls are transcribed (`transcription.*` in the configuration).
public struct TranscriptionSettings: Sendable, Equatable {
    /// Which engine turns speech into text.
    public enum Engine: String, Sendable, CaseIterable {
        /// whisper.cpp in ccrd's process, with the model `make asr` installs.
        case whisper
        /// An OpenAI-compatible server (`POST /v1/audio/transcriptions`), e.g. on a GPU box.
        case openai
    }

    /// Off: no utterance is cut, nothing is transcribed.
    public var enabled = true
    public var engine: Engine = .whisper
    /// The ggml Whisper model; nil: `models/ggml-base.bin` beside the state database.
    public var model: String?
    /// Decoding threads (each with its own state, ~56 MB, and one core's worth of work).
    public var workers = 1
    /// Threads whisper.cpp uses for one utterance.
    public var threadsPerUtterance = 1
    /// A Whisper code (`fr`, `en`) or `auto`: detected once per leg among `detect`.
    public var language = "auto"
    /// The languages a leg may be detected in.
    public var detect = ["fr", "en"]
    /// Per team and per agent, their language (an agent's wins over its team's).
    public var teamLanguages: [String: String] = [:]
    public var agentLanguages: [String: String] = [:]
    /// An utterance not begun within this of its end is skipped (and counted).
    public var maxLag: Duration = .seconds(30)
    /// Audio the queue may hold, seconds; beyond, the least urgent gives way.
    public var maxBacklogSeconds = 600.0
    /// A segment whose no-speech probability is over this is dropped.
    public var maxNoSpeechProbability = 0.6
    /// A segment whose mean token log-probability is under this is dropped.
    public var minAverageLogProbability = -1.0
    /// Runs of at least this many digits (card, phone, account numbers) are masked before
    /// anything is sent or stored; 0 masks none.
    public var redactDigits = 6
    /// How utterances are cut.
    public var utterances = UtteranceSettings()
    /// The server, for the `openai` engine.
    public var server: TranscriptionServer?

    public init() {}

    /// The language configured for an agent's call, before detection (`auto` when none is).
    public func language(agentId: String, team: String?) -> String {
        agentLanguages[agentId] ?? team.flatMap { teamLanguages[$0] } ?? language
    }
}
