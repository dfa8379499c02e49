/// A category a call was put in (billing, cancellation, …), with the moments that put it there.
public struct CallCategory: Sendable, Equatable, Codable {
    public var category: String
    /// Times a keyword of the category was heard.
    public var matches: Int
    /// The first of them (at most `PhraseBook.maxEvidence`).
    public var evidence: [PhraseEvidence]

    public init(category: String, matches: Int, evidence: [PhraseEvidence]) {
        self.category = category
        self.matches = matches
        self.evidence = evidence
    }
}
