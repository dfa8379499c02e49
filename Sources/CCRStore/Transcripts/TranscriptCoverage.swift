import GRDB

/// How much of a call's speech was transcribed: the speech cut into utterances, what was
/// skipped (the budget, an engine failure), and the segments kept. Figures only: kept with the
/// call after its transcript's retention ends.
public struct TranscriptCoverage: Sendable, Codable, Equatable, FetchableRecord, TableRecord {
    public static let databaseTableName = "callTranscription"

    public var callId: String
    public var speechSeconds: Double
    public var skippedSeconds: Double
    public var segments: Int

    public init(callId: String, speechSeconds: Double = 0, skippedSeconds: Double = 0, segments: Int = 0) {
        self.callId = callId
        self.speechSeconds = speechSeconds
        self.skippedSeconds = skippedSeconds
        self.segments = segments
    }

    private enum CodingKeys: String, CodingKey {
        case callId, speechSeconds, skippedSeconds, segments, coverage
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        callId = try container.decode(String.self, forKey: .callId)
        speechSeconds = try container.decode(Double.self, forKey: .speechSeconds)
        skippedSeconds = try container.decode(Double.self, forKey: .skippedSeconds)
        segments = try container.decode(Int.self, forKey: .segments)
    }

    /// With `coverage`, for the export.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callId, forKey: .callId)
        try container.encode(speechSeconds, forKey: .speechSeconds)
        try container.encode(skippedSeconds, forKey: .skippedSeconds)
        try container.encode(segments, forKey: .segments)
        try container.encode(coverage, forKey: .coverage)
    }

    /// Share of the speech transcribed (or found silent), 0 … 1 to 4 decimals; 1 when there was none.
    public var coverage: Double {
        // To 4 decimals: the figures are sums of many utterances' seconds.
        speechSeconds > 0 ? (max(0, min(1, (speechSeconds - skippedSeconds) / speechSeconds)) * 10_000).rounded() / 10_000 : 1
    }
}
