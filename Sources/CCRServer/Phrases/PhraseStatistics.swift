import CCRCore

/// The phrase listener's figures since start, for `/metrics`.
public struct PhraseStatistics: Sendable, Equatable {
    /// Phrases heard, per set.
    public var detections: [PhraseKind: Int] = [:]
    /// `call.phrases` reports sent (calls summed up).
    public var reports = 0
    /// Calls followed now (open, or closed and still being transcribed).
    public var calls = 0
    /// Calls not listened to because `PhraseListener.maxCalls` were followed already.
    public var refusedCalls = 0

    public init() {}
}
