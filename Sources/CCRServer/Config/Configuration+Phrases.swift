import CCRCore

extension Configuration {
    /// Phrases a list may hold, variants per phrase, and words and characters per variant: what
    /// one transcript segment is compared with stays bounded (the shipped book, 111 phrasings in
    /// two languages, costs 0.3 ms per segment; the largest allowed, a few hundred times that, on
    /// a decoding thread).
    static let maxPhrases = 200
    static let maxVariants = 20
    static let maxVariantWords = 12
    static let maxVariantCharacters = 120

    /// Reads the `phrases` section; `phrases.languages` and `phrases.scripts` replace the
    /// standard French and English sets when given. `rules` (the alert rules) are checked against
    /// the scripts: a `scriptStepsMissed` rule must watch a step that has a deadline.
    static func phraseSettings(_ reader: ConfigReader, rules: [AlertRule]) throws(ConfigError) -> PhraseSettings {
        var settings = PhraseSettings()
        settings.enabled = try reader.bool("phrases.enabled", default: settings.enabled)
        settings.prompt = try reader.bool("phrases.prompt", default: settings.prompt)
        let standard = PhraseBook.standard
        let gap = try reader.seconds("phrases.momentGap", default: standard.momentGapSeconds, range: 0...120)
        let languages = try reader.list("phrases.languages") { item throws(ConfigError) -> PhraseBook.Language in
            let code = try item.string("language", default: "")
            guard isLanguageCode(code) else {
                throw .invalidValue(
                    key: "phrases.languages[].language", value: code, expected: "a language code such as fr or en",
                    origin: "configuration")
            }
            return PhraseBook.Language(
                code: code,
                irritants: try phrases(item, "irritants", in: "phrases.languages[\(code)]", tolerance: Phrase.defaultTolerance),
                categories: try phrases(item, "categories", in: "phrases.languages[\(code)]", tolerance: PhraseBook.categoryTolerance))
        }
        try checkUnique(languages.map(\.code), key: "phrases.languages")
        let scripts = try reader.list("phrases.scripts") { item throws(ConfigError) -> Script in
            let code = try item.string("language", default: "")
            let team = try item.optionalString("team").flatMap { $0.isEmpty ? nil : $0 }
            let key = "phrases.scripts[\(code)\(team.map { "/" + $0 } ?? "")]"
            guard isLanguageCode(code) else {
                throw .invalidValue(key: key + ".language", value: code, expected: "a language code such as fr or en", origin: "configuration")
            }
            let steps = try item.list("steps") { step throws(ConfigError) -> ScriptStep in
                let phrase = try Self.phrase(step, in: key + ".steps", tolerance: Phrase.defaultTolerance)
                return ScriptStep(
                    phrase: phrase,
                    withinSeconds: try step.optionalString("within") == nil
                        ? nil : try step.seconds("within", default: 15, range: 1...86_400),
                    lastSeconds: try step.optionalString("last") == nil ? nil : try step.seconds("last", default: 60, range: 1...86_400),
                    weight: try step.double("weight", default: 1, range: 0...100))
            }
            guard !steps.isEmpty else {
                throw .invalidValue(key: key + ".steps", value: "", expected: "at least one step", origin: "configuration")
            }
            try checkUnique(steps.map(\.id), key: key + ".steps")
            return Script(team: team, language: code, steps: steps)
        }
        try checkUnique(scripts.map { "\($0.language)/\($0.team ?? "")" }, key: "phrases.scripts (language and team)")
        settings.book = PhraseBook(
            languages: reader.has("phrases.languages") ? languages : standard.languages,
            scripts: reader.has("phrases.scripts") ? scripts : standard.scripts, momentGapSeconds: gap)
        let timed = Set(settings.book.scripts.flatMap { $0.steps.filter { $0.withinSeconds != nil }.map(\.id) })
        for rule in rules where rule.metric == .scriptStepsMissed {
            if let step = rule.step, !timed.contains(step) {
                throw .invalidValue(
                    key: "alerts[\(rule.name)].step", value: step,
                    expected: "a script step with a deadline (within): " + (timed.isEmpty ? "there is none" : timed.sorted().joined(separator: ", ")),
                    origin: "configuration")
            }
        }
        return settings
    }

    /// A list of phrases (`irritants`, `categories`), each an `id` and its variants (`say`).
    private static func phrases(_ reader: ConfigReader, _ key: String, in parent: String, tolerance: Double) throws(ConfigError) -> [Phrase] {
        let list = try reader.list(key) { item throws(ConfigError) in try phrase(item, in: "\(parent).\(key)", tolerance: tolerance) }
        guard list.count <= maxPhrases else {
            throw .invalidValue(key: "\(parent).\(key)", value: "\(list.count) phrases", expected: "at most \(maxPhrases)", origin: "configuration")
        }
        try checkUnique(list.map(\.id), key: "\(parent).\(key)")
        return list
    }

    private static func phrase(_ item: ConfigReader, in key: String, tolerance defaultTolerance: Double) throws(ConfigError) -> Phrase {
        guard let id = try item.optionalString("id"), !id.isEmpty, id.count <= 64 else {
            throw .invalidValue(key: "\(key)[].id", value: "", expected: "an id of 1 to 64 characters", origin: "configuration")
        }
        let variants = try item.strings("say") ?? []
        guard (1...maxVariants).contains(variants.count) else {
            throw .invalidValue(
                key: "\(key)[\(id)].say", value: "\(variants.count) phrasings", expected: "1 to \(maxVariants) phrasings",
                origin: "configuration")
        }
        for variant in variants {
            let words = SpokenText.words(variant)
            guard !words.isEmpty, words.count <= maxVariantWords, variant.count <= maxVariantCharacters else {
                throw .invalidValue(
                    key: "\(key)[\(id)].say", value: variant,
                    expected: "a phrasing of 1 to \(maxVariantWords) words and at most \(maxVariantCharacters) characters",
                    origin: "configuration")
            }
        }
        let tolerance = try item.double("tolerance", default: defaultTolerance, range: 0...0.5)
        return Phrase(id: id, variants: variants, tolerance: tolerance)
    }
}
