/// What transcription has done since start, for `/metrics`, `/readyz` and the benchmark.
public struct TranscriptionStatistics: Sendable, Equatable {
    /// Utterances taken from calls, and their audio seconds.
    public var utterances = 0
    public var utteranceSeconds = 0.0
    /// Utterances decoded with text kept (a segment sent), and decoded without (no speech, or
    /// dropped by the guards).
    public var segments = 0
    public var silent = 0
    /// Audio seconds decoded, and the decoding threads' CPU seconds for them.
    public var decodedSeconds = 0.0
    public var cpuSeconds = 0.0
    /// Utterances skipped, per reason (`TranscriptGap.Reason` raw values).
    public var gaps: [String: Int] = [:]
    public var gapSeconds = 0.0
    /// Waiting now: utterances and their audio seconds.
    public var queued = 0
    public var backlogSeconds = 0.0
    /// Legs whose language was detected.
    public var detections = 0
    /// From the end of an utterance to its segment on the stream, seconds: the last 1,000's
    /// median and 99th percentile.
    public var latencyP50: Double?
    public var latencyP99: Double?

    public init() {}
}
