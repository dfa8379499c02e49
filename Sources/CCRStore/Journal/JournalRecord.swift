/// What a caller asks the journal to record; the store adds the time, sequence and hashes.
public struct JournalRecord: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var target: String
    public var source: String
    public var detail: String

    public init(actor: String, action: String, target: String = "-", source: String, detail: String = "") {
        self.actor = actor
        self.action = action
        self.target = target
        self.source = source
        self.detail = detail
    }
}
