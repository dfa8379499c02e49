import CCRCore

/// What the transcript writer hands the store in one transaction: segments to keep, additions to
/// calls' coverage figures, phrases heard, and the `call.phrases` reports of calls whose
/// transcription is complete.
public struct TranscriptBatch: Sendable {
    public var segments: [TranscriptSegment] = []
    /// Per call: speech seconds cut, seconds skipped.
    public var coverage: [String: (speech: Double, skipped: Double)] = [:]
    public var detections: [PhraseDetection] = []
    public var reports: [CallPhrases] = []

    public init() {}

    public var isEmpty: Bool { segments.isEmpty && coverage.isEmpty && detections.isEmpty && reports.isEmpty }

    /// Items held, for the writer's bound.
    public var count: Int { segments.count + detections.count + reports.count }
}
