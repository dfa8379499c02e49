/// Where a phrase was heard in a run of words: the words it covered and how close they were.
public struct PhraseMatch: Sendable, Equatable {
    /// The variant that matched best (its index in `Phrase.variants`).
    public var variant: Int
    /// The words of the text it covers.
    public var words: Range<Int>
    /// 1 for the variant word for word, down to 1 − tolerance.
    public var similarity: Double
}
