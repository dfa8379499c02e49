/// Text as phrases are compared: lower case, accents and punctuation folded, elisions and
/// contractions written out (« j'veux » → "je veux", "don't" → "do not"), numbers in words
/// written in digits ("vingt-deux", "twenty two" → "22"), split into words.
///
/// Both the configured phrases and what the transcription heard go through it, so they meet
/// on the same spelling whatever the engine's punctuation and casing.
public enum SpokenText {
    /// The words of `text`, folded.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current = ""
        func flush() {
            // A separator not followed by a digit was punctuation after all.
            while let last = current.last, last == "," || last == "." { current.removeLast() }
            if current.hasPrefix("'") {
                // English "'s", "'re", "'ll", "'ve", "'m", "'d", "'t" after a word: "it's" → "it is".
                let tail = String(current.dropFirst())
                if tail == "t", let stem = words.last, let plain = negatedStems[stem] {
                    words[words.count - 1] = plain
                }
                if let expanded = suffixes[tail] { words.append(contentsOf: expanded) } else if !tail.isEmpty { words.append(tail) }
            } else if !current.isEmpty {
                words.append(current.filter { $0 != "," })
            }
            current = ""
        }
        for character in text.lowercased() {
            if apostrophes.contains(character) {
                if let whole = elisions[current] {
                    // French elision: « j'veux » → "je veux", « qu'il » → "que il".
                    words.append(whole)
                    current = ""
                } else {
                    flush()
                    current = "'"
                }
            } else if let folded = folded[character] {
                current += folded
            } else if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "," || character == ".", current.last?.isNumber == true {
                // "1,000" and "3.5" stay one number while a digit follows.
                current.append(character)
            } else {
                flush()
            }
        }
        flush()
        return SpokenNumbers.fold(words)
    }

    static let apostrophes: Set<Character> = ["'", "’", "ʼ", "`", "´"]

    /// Accented letters and ligatures of French and the other Latin languages, plain.
    static let folded: [Character: String] = {
        var table: [Character: String] = [:]
        let groups: [(String, String)] = [
            ("àâäáãåā", "a"), ("çćč", "c"), ("éèêëēė", "e"), ("îïíìī", "i"), ("ôöóòõøō", "o"), ("ùûüúū", "u"),
            ("ÿý", "y"), ("ñń", "n"), ("š", "s"), ("ž", "z"),
        ]
        for (letters, plain) in groups {
            for letter in letters { table[letter] = plain }
        }
        table["œ"] = "oe"
        table["æ"] = "ae"
        table["ß"] = "ss"
        return table
    }()

    /// French elided words, written out: « j'ai » → "je ai", « qu'il » → "que il".
    static let elisions: [String: String] = [
        "j": "je", "l": "le", "d": "de", "qu": "que", "c": "ce", "n": "ne", "s": "se", "m": "me", "t": "te",
        "jusqu": "jusque", "lorsqu": "lorsque", "puisqu": "puisque",
    ]

    /// English words before "n't", plain: "don't" → "do not", "won't" → "will not".
    static let negatedStems: [String: String] = [
        "don": "do", "doesn": "does", "didn": "did", "won": "will", "isn": "is", "aren": "are", "wasn": "was",
        "weren": "were", "couldn": "could", "wouldn": "would", "shouldn": "should", "haven": "have", "hasn": "has",
        "hadn": "had", "ain": "is", "can": "can", "mustn": "must",
    ]

    /// English endings after an apostrophe, as the words they stand for.
    static let suffixes: [String: [String]] = [
        "s": ["is"], "re": ["are"], "ll": ["will"], "ve": ["have"], "m": ["am"], "d": ["would"], "t": ["not"],
    ]
}
