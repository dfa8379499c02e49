/// How many days each class of data is kept (`retention.*` in the configuration). Zero keeps a
/// class forever. Calls are counted from their start, alerts from when they were raised,
/// reviews from when they were made, journal entries from when they were written, transcripts
/// from their call's start.
public struct RetentionPolicy: Sendable, Equatable {
    /// Calls with their legs and window timeline.
    public var callDays = 90
    public var alertDays = 90
    public var reviewDays = 365
    public var journalDays = 365
    /// Transcripts of calls (what was said), counted from the call's start; never kept longer
    /// than their call.
    public var transcriptDays = 30

    public init(callDays: Int = 90, alertDays: Int = 90, reviewDays: Int = 365, journalDays: Int = 365, transcriptDays: Int = 30) {
        self.transcriptDays = transcriptDays
        self.callDays = callDays
        self.alertDays = alertDays
        self.reviewDays = reviewDays
        self.journalDays = journalDays
    }
}
