import CCRCore

/// The `phrases` section: whether transcripts are listened to for phrases, and the phrase book
/// (irritants, categories, scripts per language; `PhraseBook.standard` when none is configured).
/// Reloadable: a new book applies to calls opened after the reload.
public struct PhraseSettings: Sendable, Equatable {
    public var enabled = true
    public var book = PhraseBook.standard

    public init() {}
}
