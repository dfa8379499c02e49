import Testing

@testable import CCRCore

/// What was said, matched against phrases the way a transcript gets them wrong: case, accents,
/// punctuation, elisions, numbers in words, misheard words — and look-alikes that must not match.
@Suite("Phrase matching")
struct PhraseMatchingTests {
    @Test func textIsFoldedToPlainWords() {
        #expect(SpokenText.words("C'est INADMISSIBLE !") == ["ce", "est", "inadmissible"])
        #expect(SpokenText.words("J'veux résilier, là.") == ["je", "veux", "resilier", "la"])
        #expect(SpokenText.words("Qu’est-ce que c’est ?") == ["que", "est", "ce", "que", "ce", "est"])
        #expect(SpokenText.words("I don't want it, it's broken") == ["i", "do", "not", "want", "it", "it", "is", "broken"])
        #expect(SpokenText.words("Œuvre, déjà, garçon") == ["oeuvre", "deja", "garcon"])
    }

    @Test func numbersInWordsBecomeDigits() {
        #expect(SpokenText.words("quatre-vingt-dix euros") == ["90", "euros"])
        #expect(SpokenText.words("vingt et un jours") == ["21", "jours"])
        #expect(SpokenText.words("deux mille vingt-six") == ["2026"])
        #expect(SpokenText.words("twenty one days") == ["21", "days"])
        #expect(SpokenText.words("one hundred and five") == ["105"])
        #expect(SpokenText.words("1,000 dollars or 3.5") == ["1000", "dollars", "or", "3.5"])
        // Digits said one by one stay apart; a lone "un" is a word.
        #expect(SpokenText.words("four two") == ["4", "2"])
        #expect(SpokenText.words("un conseiller") == ["un", "conseiller"])
        #expect(SpokenText.words("soixante-dix-sept") == ["77"])
    }

    static func matches(_ variants: [String], _ text: String, tolerance: Double = Phrase.defaultTolerance, negation: Bool = true) -> Bool {
        PhraseMatcher.match(Phrase(id: "p", variants: variants, tolerance: tolerance), in: SpokenText.words(text), negationMatters: negation) != nil
    }

    @Test func heardRightOrNearlyRight() {
        #expect(Self.matches(["je veux résilier"], "Bon, je veux resilier mon abonnement."))
        #expect(Self.matches(["je veux résilier"], "J'veux résilier"))
        // Misheard letters: "résilié", "veut".
        #expect(Self.matches(["je veux résilier"], "je veut résilié tout de suite"))
        #expect(Self.matches(["speak to a manager"], "Can I SPEAK to a manager, please?"))
        #expect(Self.matches(["speak to a manager"], "I want to speak to the manager"))
        #expect(Self.matches(["c'est inadmissible"], "Franchement c'est inadmissible"))
        #expect(Self.matches(["parler à un responsable"], "je voudrais parler a un responsable"))
        // A word added in a long phrase is forgiven.
        #expect(Self.matches(["i would like to cancel my subscription"], "I would like to cancel my whole subscription"))
        #expect(Self.matches(["payer 90 euros"], "payer quatre-vingt-dix euros"))
    }

    @Test func lookAlikesDoNotMatch() {
        // Negation before the phrase.
        #expect(!Self.matches(["je veux résilier"], "je ne veux pas résilier"))
        #expect(!Self.matches(["cancel my subscription"], "I don't want to cancel my subscription"))
        #expect(!Self.matches(["this is unacceptable"], "this is not unacceptable"))
        // Other words.
        #expect(!Self.matches(["speak to a manager"], "speak to a banana"))
        #expect(!Self.matches(["je veux résilier"], "je veux réessayer"))
        #expect(!Self.matches(["speak to a manager"], "I manage to speak"))
        #expect(!Self.matches(["my bill"], "my will"))
        #expect(!Self.matches(["cancel my subscription"], "cancel my whole subscription"))
        #expect(!Self.matches(["bill"], "will", tolerance: PhraseBook.categoryTolerance))
        // Short words and numbers are right or wrong.
        #expect(!Self.matches(["payer 90 euros"], "payer 80 euros"))
        // Two words of three missing.
        #expect(!Self.matches(["je veux résilier"], "résilier"))
        // A category keyword stands even after a negation.
        #expect(Self.matches(["internet"], "I have no internet", tolerance: 0.15, negation: false))
    }

    @Test func theMatchSaysWhichWordsAndHowClose() throws {
        let phrase = Phrase(id: "manager", variants: ["talk to a manager", "speak to a manager"])
        let words = SpokenText.words("Please let me speak to a manager now")
        let match = try #require(PhraseMatcher.match(phrase, in: words))
        #expect(match.variant == 1)
        #expect(words[match.words] == ["speak", "to", "a", "manager"])
        #expect(match.similarity == 1)
        let near = try #require(PhraseMatcher.match(phrase, in: SpokenText.words("speek to a manager")))
        #expect(near.similarity < 1 && near.similarity > 0.9)
    }

    @Test func theStandardBookIsWellFormed() {
        let book = PhraseBook.standard
        #expect(Set(book.languages.map(\.code)) == ["fr", "en"])
        for language in book.languages {
            #expect(!language.irritants.isEmpty && !language.categories.isEmpty)
            #expect(language.irritants.allSatisfy { $0.folded.count == $0.variants.count })
        }
        #expect(book.script(team: "any", language: "fr")?.steps.map(\.id) == ["greeting", "identification", "needs", "solution", "closing"])
        #expect(book.script(team: nil, language: "de")?.language == "fr")
    }
}

/// The decoder prompt made of the phrase book (`phrases.prompt`).
@Suite("Phrase prompt")
struct PhrasePromptTests {
    @Test func thePromptListsEachPhrasingOnceWithinItsLength() throws {
        let french = try #require(PhraseBook.standard.prompt(language: "fr"))
        #expect(french.hasPrefix("c'est inadmissible, c'est inacceptable"))
        #expect(french.count <= PhraseBook.maxPromptCharacters && french.hasSuffix("."))
        #expect(french.split(separator: ", ").filter { $0 == "bonjour" }.count == 1)
        #expect(PhraseBook.standard.prompt(language: "de") == nil)
    }
}

/// Hostile or looping text stays bounded.
@Suite("Phrase matching, odd input")
struct PhraseOddInputTests {
    @Test func repeatedMultipliersDoNotOverflow() {
        let looping = Array(repeating: "cent", count: 40).joined(separator: " ") + " " + Array(repeating: "thousand", count: 40).joined(separator: " ")
        let words = SpokenText.words(looping)
        #expect(!words.isEmpty && words.allSatisfy { Int($0) != nil })
        #expect(SpokenText.words("mille mille mille").count == 3)
        #expect(SpokenText.words("").isEmpty && SpokenText.words("'''’’ ,,, ...").isEmpty)
    }

    @Test func aNegationFarAwayOrAnInterjectionDoesNotCancel() {
        #expect(PhraseMatchingTests.matches(["this is unacceptable"], "No, this is unacceptable"))
        #expect(PhraseMatchingTests.matches(["c'est inadmissible"], "en plus c'est inadmissible"))
    }
}
