/// The outcome of checking the access journal's chain.
public struct JournalVerification: Sendable, Codable, Equatable {
    /// How the chain is broken.
    public enum Problem: String, Sendable, Codable {
        /// An entry's content no longer matches its hash.
        case edited
        /// An entry does not follow the previous one: one was deleted, or inserted.
        case brokenLink
        /// The last entry is not the one the store last wrote: entries were removed at the end.
        case truncated
    }

    /// A place the chain breaks.
    public struct Break: Sendable, Codable, Equatable {
        public var seq: Int64
        public var problem: Problem
        public var message: String
    }

    public var entries: Int
    /// Sequence of the first entry checked (entries before it were purged by retention).
    public var firstSeq: Int64?
    public var lastSeq: Int64?
    /// The hash of the last entry: note it elsewhere to detect a rewritten chain later.
    public var headHash: String
    public var breaks: [Break]

    public var isIntact: Bool { breaks.isEmpty }
}
