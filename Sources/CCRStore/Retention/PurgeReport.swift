import Foundation

/// What a purge removed (or, in a dry run, would remove), and the cut-off time of each class.
public struct PurgeReport: Sendable, Codable, Equatable {
    public var dryRun: Bool
    public var calls = 0
    public var windows = 0
    public var alerts = 0
    public var reviews = 0
    public var journalEntries = 0
    /// Transcript segments (what was said), purged before their call when their retention is shorter.
    public var transcriptSegments = 0
    /// (day, team) aggregate rows created or added to before the calls were deleted.
    public var aggregatedDays = 0
    /// Rows older than these were purged; nil for a class kept forever.
    public var callsBefore: Date?
    public var alertsBefore: Date?
    public var reviewsBefore: Date?
    public var journalBefore: Date?
    public var transcriptsBefore: Date?

    public init(dryRun: Bool) {
        self.dryRun = dryRun
    }

    /// Whether anything was (or would be) removed.
    public var isEmpty: Bool { calls + alerts + reviews + journalEntries + transcriptSegments == 0 }
}
