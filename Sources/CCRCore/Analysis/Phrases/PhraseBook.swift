/// Every phrase ccrd listens for, per language: irritants (on the customer's leg), category
/// keywords (either leg) and the reference scripts (the agent's leg). Read from the `phrases`
/// section of the configuration; `standard` holds the French and English defaults.
public struct PhraseBook: Sendable, Equatable {
    /// The phrases of one language.
    public struct Language: Sendable, Equatable {
        public var code: String
        public var irritants: [Phrase]
        public var categories: [Phrase]

        public init(code: String, irritants: [Phrase] = [], categories: [Phrase] = []) {
            self.code = code
            self.irritants = irritants
            self.categories = categories
        }
    }

    public var languages: [Language]
    /// Scripts: a team's own first, then the language's default (team nil).
    public var scripts: [Script]
    /// An irritant phrase and a shouting episode of the customer this close (seconds) are one
    /// irritant moment.
    public var momentGapSeconds: Double

    public init(languages: [Language], scripts: [Script], momentGapSeconds: Double = 5) {
        self.languages = languages
        self.scripts = scripts
        self.momentGapSeconds = momentGapSeconds
    }

    /// The phrases of `code`; nil when the book has none for it.
    public func language(_ code: String) -> Language? {
        languages.first { $0.code == code }
    }

    /// The script for a call of `team` heard in `language`: the team's own, else the language's
    /// default; when the language has none, the first default script (a language ccrd has no
    /// script for still gets its steps checked by the nearest there is).
    public func script(team: String?, language: String?) -> Script? {
        if let language {
            if let team, let own = scripts.first(where: { $0.team == team && $0.language == language }) { return own }
            if let shared = scripts.first(where: { $0.team == nil && $0.language == language }) { return shared }
        }
        if let team, let own = scripts.first(where: { $0.team == team }) { return own }
        return scripts.first { $0.team == nil }
    }

    /// Whether there is anything to listen for.
    public var isEmpty: Bool {
        scripts.isEmpty && languages.allSatisfy { $0.irritants.isEmpty && $0.categories.isEmpty }
    }
}

extension PhraseBook {
    /// Longest decoder prompt, characters (Whisper reads at most 224 tokens of it).
    public static let maxPromptCharacters = 600

    /// The words to tell the transcription engine to expect in `language` (`phrases.prompt`): the
    /// phrasings of its irritants, scripts and categories, once each, comma-separated, at most
    /// `maxPromptCharacters`; nil when the book has none for the language.
    public func prompt(language: String) -> String? {
        var seen: Set<String> = []
        var parts: [String] = []
        var length = 0
        let phrases = (self.language(language).map { $0.irritants } ?? [])
            + scripts.filter { $0.language == language }.flatMap { $0.steps.map(\.phrase) }
            + (self.language(language).map { $0.categories } ?? [])
        for variant in phrases.flatMap(\.variants) where seen.insert(variant.lowercased()).inserted {
            guard length + variant.count + 2 <= Self.maxPromptCharacters else { break }
            parts.append(variant)
            length += variant.count + 2
        }
        return parts.isEmpty ? nil : parts.joined(separator: ", ") + "."
    }
}
