import GRDB

/// A phrase heard in a stored call (its words are let go with the transcripts' retention).
public struct StoredPhrase: Sendable, Equatable, Codable, FetchableRecord {
    public var kind: String
    public var phrase: String
    public var start: Double
    public var end: Double
    public var leg: String
    /// The words heard; nil once the transcripts' retention has passed.
    public var text: String?
    public var language: String
    public var confidence: Double
}
