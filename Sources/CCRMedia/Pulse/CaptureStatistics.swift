/// What a captured leg (PulseAudio) counted, for the API: where it records from, how much it
/// received, and what was lost: holes the server reported in the stream, and gaps (the server went away and came back: the
/// time between is silence on the leg's timeline).
public struct CaptureStatistics: Sendable, Equatable {
    public var server: String
    public var source: String
    public var capturedSeconds: Double = 0
    public var holeSeconds: Double = 0
    public var gaps = 0
    public var gapSeconds: Double = 0
    /// Whether the record stream is up now.
    public var recording = false

    public init(server: String, source: String) {
        self.server = server
        self.source = source
    }
}
