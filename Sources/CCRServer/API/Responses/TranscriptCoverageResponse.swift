import CCRStore

/// How much of a stored call's speech was transcribed, as the API shows it.
struct TranscriptCoverageResponse: Encodable, Equatable {
    /// Speech cut into utterances, and what of it was skipped (budget, engine failure), seconds.
    var speechSeconds: Double
    var skippedSeconds: Double
    /// Share of the speech transcribed, 0 … 1.
    var coverage: Double
    var segments: Int

    init(_ coverage: TranscriptCoverage) {
        speechSeconds = coverage.speechSeconds
        skippedSeconds = coverage.skippedSeconds
        self.coverage = coverage.coverage
        segments = coverage.segments
    }
}
