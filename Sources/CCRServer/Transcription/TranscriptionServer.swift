/// An OpenAI-compatible transcription server (`transcription.server.*`).
public struct TranscriptionServer: Sendable, Equatable {
    /// Its base URL, such as http://127.0.0.1:8000 (`/v1/audio/transcriptions` is added).
    public var url: String
    /// The model name it is asked for.
    public var model: String
    /// A bearer token, when the server wants one (from `CCRD_TRANSCRIPTION_SERVER_API_KEY` better than the file).
    public var apiKey: String?
    /// How long one utterance may take there.
    public var timeout: Duration = .seconds(30)

    public init(url: String, model: String, apiKey: String? = nil, timeout: Duration = .seconds(30)) {
        self.url = url
        self.model = model
        self.apiKey = apiKey
        self.timeout = timeout
    }
}
