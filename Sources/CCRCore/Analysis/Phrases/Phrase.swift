/// Something a call is listened for: an irritant ("speak to a manager"), a script step's
/// phrasing, a category's keyword. It has an id and several ways of saying it (variants), each
/// kept folded (`SpokenText`) for matching, and how far what was heard may differ from a variant
/// (`tolerance`, see `PhraseMatcher`).
public struct Phrase: Sendable, Equatable {
    public var id: String
    /// As written in the configuration.
    public var variants: [String]
    /// Each variant's folded words.
    public let folded: [[String]]
    /// Share of a variant's words that may be missing, extra or misheard (a misheard word counts
    /// for its share of changed letters), 0 ... 1.
    public var tolerance: Double

    /// The default `tolerance`: one word in five, or small misspellings in several.
    public static let defaultTolerance = 0.2

    public init(id: String, variants: [String], tolerance: Double = Phrase.defaultTolerance) {
        self.id = id
        self.variants = variants
        self.folded = variants.map(SpokenText.words).filter { !$0.isEmpty }
        self.tolerance = tolerance
    }
}
