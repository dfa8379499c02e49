/// What erasing a person removed, row counts by table. Their calls were first folded into the
/// anonymized daily aggregates (`aggregatedDays` rows touched).
public struct ErasureReport: Sendable, Codable, Equatable {
    public var subject: String
    public var calls = 0
    public var legs = 0
    public var windows = 0
    /// Transcript segments of the person's calls (what was said).
    public var transcriptSegments = 0
    public var alerts = 0
    public var reviews = 0
    /// Review comments about other calls that named the person, now "[erased]" in their place.
    public var redactedComments = 0
    public var aggregatedDays = 0
    /// Live calls of the person that were left alone (erase again once they have ended).
    public var liveCalls = 0

    public init(subject: String) {
        self.subject = subject
    }
}
