/// What a captured leg (PulseAudio) counted, for the API: where it records from, how much it
/// received, and what was lost: overruns (the server dropped audio because ccrd read too slowly)
/// and holes the server reported in the stream.
public struct CaptureStatistics: Sendable, Equatable {
    public var server: String
    public var source: String
    public var capturedSeconds: Double = 0
    public var overruns = 0
    public var holeSeconds: Double = 0
    /// Whether the record stream is up now.
    public var recording = false

    public init(server: String, source: String) {
        self.server = server
        self.source = source
    }
}
