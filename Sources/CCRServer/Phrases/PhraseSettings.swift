import CCRCore

/// The `phrases` section: whether transcripts are listened to for phrases, and the phrase book
/// (irritants, categories, scripts per language; `PhraseBook.standard` when none is configured).
/// Reloadable: a new book applies to calls opened after the reload.
public struct PhraseSettings: Sendable, Equatable {
    public var enabled = true
    public var book = PhraseBook.standard
    /// Tell the transcription engine to expect the book's phrasings (a decoder prompt per
    /// language, `PhraseBook.prompt`). Off by default: Benchmarks/README.md has what it changes.
    public var prompt = false

    /// The decoder prompts per language, when `prompt` is on.
    public var prompts: [String: String] {
        guard enabled && prompt else { return [:] }
        let languages = Set(book.languages.map(\.code) + book.scripts.map(\.language))
        return Dictionary(uniqueKeysWithValues: languages.compactMap { code in book.prompt(language: code).map { (code, $0) } })
    }

    public init() {}
}
