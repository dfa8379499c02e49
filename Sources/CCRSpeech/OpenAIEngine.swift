import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An OpenAI-compatible transcription server (`POST {url}/v1/audio/transcriptions`), such as
/// faster-whisper-server on a GPU box next to ccrd: each utterance is sent as a 16-bit WAV and
/// the `verbose_json` answer read back (segments with their no-speech and log-probabilities,
/// words with their times when the server gives them). Audio goes only where the operator
/// pointed `transcription.server.url`.
public final class OpenAIEngine: SpeechEngine {
    public let endpoint: URL
    public let model: String
    private let apiKey: String?
    private let timeout: TimeInterval
    private let session: URLSession

    public var name: String { "openai (\(endpoint.absoluteString))" }

    /// `url`: the server's base URL (`/v1/audio/transcriptions` is added).
    public init(url: String, model: String, apiKey: String?, timeout: Duration) throws(TranscriptionError) {
        guard let base = URL(string: url) else { throw .serverUnusable(url: url, reason: "not a URL") }
        endpoint = base.appendingPathComponent("v1/audio/transcriptions")
        self.model = model
        self.apiKey = apiKey
        self.timeout = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = self.timeout
        configuration.timeoutIntervalForResource = self.timeout
        configuration.httpMaximumConnectionsPerHost = 64
        session = URLSession(configuration: configuration)
    }

    public func makeDecoder() throws(TranscriptionError) -> any SpeechDecoder {
        OpenAIDecoder(engine: self)
    }

    /// Sends one utterance; the server's answer, decoded. Blocking.
    func request(_ samples: [Float], language: String?, prompt: String? = nil) throws(TranscriptionError) -> OpenAITranscription {
        let boundary = "ccrd-\(UUID().uuidString)"
        var body = Data()
        func field(_ name: String, _ value: String) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        field("model", model)
        field("response_format", "verbose_json")
        field("temperature", "0")
        field("timestamp_granularities[]", "segment")
        field("timestamp_granularities[]", "word")
        if let language { field("language", language) }
        if let prompt, !prompt.isEmpty { field("prompt", prompt) }
        body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n".utf8))
        body.append(WAVEncoding.pcm16(samples, sampleRate: 16_000))
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        var request = URLRequest(url: endpoint, timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
        if let apiKey { request.setValue("Bearer \(apiKey)", forHTTPHeaderField: "Authorization") }
        request.httpBody = body

        let answer = Answer()
        let done = DispatchSemaphore(value: 0)
        session.dataTask(with: request) { data, response, error in
            answer.set(data: data, status: (response as? HTTPURLResponse)?.statusCode, error: error)
            done.signal()
        }.resume()
        done.wait()
        let (data, status, error) = answer.get()
        if let error { throw .serverUnreachable(url: endpoint.absoluteString, reason: error.localizedDescription) }
        guard let status, let data else { throw .serverUnreachable(url: endpoint.absoluteString, reason: "no answer") }
        guard status == 200 else {
            let text = String(decoding: data.prefix(300), as: UTF8.self)
            throw .serverRefused(url: endpoint.absoluteString, status: status, message: text)
        }
        do {
            return try JSONDecoder().decode(OpenAITranscription.self, from: data)
        } catch {
            throw .serverUnusable(url: endpoint.absoluteString, reason: "its answer is not verbose_json: \(error)")
        }
    }

    /// The completion handler's result, handed to the waiting thread.
    private final class Answer: @unchecked Sendable {
        // @unchecked: written once by the handler before the semaphore, read after it.
        private var data: Data?
        private var status: Int?
        private var error: (any Error)?
        func set(data: Data?, status: Int?, error: (any Error)?) {
            self.data = data
            self.status = status
            self.error = error
        }
        func get() -> (Data?, Int?, (any Error)?) { (data, status, error) }
    }
}

/// One thread's use of the server (requests are independent; nothing is kept between them).
struct OpenAIDecoder: SpeechDecoder {
    let engine: OpenAIEngine

    /// The server's detection (it gives no probability: taken as sure when among the candidates).
    func detectLanguage(_ samples: [Float], among candidates: [String]) throws(TranscriptionError) -> (code: String, probability: Double) {
        guard candidates.count > 1 else { return (candidates.first ?? "en", 1) }
        let heard = try engine.request(samples, language: nil).language.map(OpenAITranscription.code) ?? ""
        return candidates.contains(heard) ? (heard, 1) : (candidates[0], 0)
    }

    func transcribe(_ samples: [Float], language: String, prompt: String?) throws(TranscriptionError) -> [RecognizedSegment] {
        try engine.request(samples, language: language == "auto" ? nil : language, prompt: prompt).segments(audioSeconds: Double(samples.count) / 16_000)
    }
}
