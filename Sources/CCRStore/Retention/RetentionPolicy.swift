/// How many days each class of data is kept (`retention.*` in the configuration). Zero keeps a
/// class forever. Calls are counted from their start, alerts from when they were raised,
/// reviews from when they were made, journal entries from when they were written.
public struct RetentionPolicy: Sendable, Equatable {
    /// Calls with their legs and window timeline.
    public var callDays = 90
    public var alertDays = 90
    public var reviewDays = 365
    public var journalDays = 365

    public init(callDays: Int = 90, alertDays: Int = 90, reviewDays: Int = 365, journalDays: Int = 365) {
        self.callDays = callDays
        self.alertDays = alertDays
        self.reviewDays = reviewDays
        self.journalDays = journalDays
    }
}
