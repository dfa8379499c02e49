import CCRCore

/// What the transcript writer hands the store in one transaction: segments to keep, and
/// additions to calls' coverage figures.
public struct TranscriptBatch: Sendable {
    public var segments: [TranscriptSegment] = []
    /// Per call: speech seconds cut, seconds skipped.
    public var coverage: [String: (speech: Double, skipped: Double)] = [:]

    public init() {}

    public var isEmpty: Bool { segments.isEmpty && coverage.isEmpty }
}
