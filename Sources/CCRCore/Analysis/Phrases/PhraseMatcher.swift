/// Finds phrases in what was heard, forgiving the transcription's errors.
///
/// The text and the phrase are folded the same way (`SpokenText`), then aligned word by word:
/// a word of the phrase may be heard slightly wrong (its cost is the share of letters changed,
/// when at most `maxLetterChange`; otherwise the word counts as missing), missing, or with a
/// word added in between; each missing or added word costs 1. The phrase matches where the
/// cost, divided by its number of words, is within its tolerance. A phrase heard right after a
/// negation (« je ne veux pas… » is not « je veux… », "I don't want to cancel") does not match,
/// unless the phrase itself says it.
public enum PhraseMatcher {
    /// A word heard with more than this share of its letters changed is another word.
    public static let maxLetterChange = 0.34
    /// Words just before a match that turn it around.
    /// Not "no" ("No, this is unacceptable") nor « plus » (« en plus, c'est inadmissible »); « pas »
    /// stays, spoken French drops the « ne ».
    static let negations: Set<String> = ["ne", "pas", "jamais", "not", "never", "without", "sans"]
    /// How many words before a match are looked at for a negation.
    static let negationReach = 3
    /// Words of a match put in its event's `text` at most.
    public static let maxWordsShown = 40

    /// The best match of `phrase` in `words` (already folded), nil when none is within tolerance.
    /// `negationMatters`: a negation just before turns the match down (irritants, script steps;
    /// a category's keyword stands even in "no internet").
    public static func match(_ phrase: Phrase, in words: [String], negationMatters: Bool = true) -> PhraseMatch? {
        var best: PhraseMatch?
        for (index, variant) in phrase.folded.enumerated() {
            guard let found = align(variant, in: words, tolerance: phrase.tolerance) else { continue }
            if negationMatters && negated(found.range, in: words, variant: variant) { continue }
            let similarity = 1 - found.cost / Double(variant.count)
            if best.map({ similarity > $0.similarity }) ?? true {
                best = PhraseMatch(variant: index, words: found.range, similarity: similarity)
            }
        }
        return best
    }

    /// Semi-global alignment of `phrase` inside `text`: the whole phrase against any stretch of
    /// the text. Returns the cheapest stretch when its cost is within tolerance.
    static func align(_ phrase: [String], in text: [String], tolerance: Double) -> (range: Range<Int>, cost: Double)? {
        let m = phrase.count
        let n = text.count
        guard m > 0, n > 0 else { return nil }
        let limit = tolerance * Double(m) + 1e-9
        // cost[i][j]: phrase[0..<i] against text ending at j; start[i][j]: where that stretch begins.
        var previousCost = [Double](repeating: 0, count: n + 1)
        var previousStart = Array(0...n)
        var cost = previousCost
        var start = previousStart
        for i in 1...m {
            cost[0] = Double(i)
            start[0] = 0
            for j in 1...n {
                let substitute = previousCost[j - 1] + wordCost(phrase[i - 1], text[j - 1])
                let missing = previousCost[j] + presence(phrase[i - 1])  // the phrase word was not heard
                let added = cost[j - 1] + presence(text[j - 1])  // a word heard in between
                if substitute <= missing && substitute <= added {
                    cost[j] = substitute
                    start[j] = previousStart[j - 1]
                } else if missing <= added {
                    cost[j] = missing
                    start[j] = previousStart[j]
                } else {
                    cost[j] = added
                    start[j] = start[j - 1]
                }
            }
            swap(&previousCost, &cost)
            swap(&previousStart, &start)
        }
        var bestEnd = -1
        var bestCost = Double.infinity
        for j in 1...n where previousCost[j] < bestCost {
            bestCost = previousCost[j]
            bestEnd = j
        }
        guard bestEnd > 0, bestCost <= limit else { return nil }
        let from = previousStart[bestEnd]
        guard from < bestEnd else { return nil }
        return (from..<bestEnd, bestCost)
    }

    /// Articles and the like: one for another, or one missing or added, costs half a word
    /// ("speak to the manager" for "speak to a manager").
    static let lightWords: Set<String> = ["a", "an", "the", "le", "la", "les", "un", "une", "des", "du", "de"]

    /// What a word missing or added costs: 1, half for a light word.
    static func presence(_ word: String) -> Double { lightWords.contains(word) ? 0.5 : 1 }

    /// 0 for the same word, the share of letters changed for a near one, 2 (a miss and an
    /// addition) for another word.
    static func wordCost(_ expected: String, _ heard: String) -> Double {
        if expected == heard { return 0 }
        if lightWords.contains(expected) && lightWords.contains(heard) { return 0.5 }
        let longest = max(expected.count, heard.count)
        // Short words and numbers are right or wrong: "je"/"me", "12"/"13".
        guard longest > 2, !expected.allSatisfy(\.isNumber) else { return 2 }
        let distance = letterDistance(expected, heard)
        if longest <= 4 {
            // A short word may differ in its ending only ("veux"/"veut"), not "bill"/"will".
            let shared = zip(expected, heard).prefix { $0 == $1 }.count
            return distance == 1 && shared >= longest - 1 ? 1 / Double(longest) : 2
        }
        let change = Double(distance) / Double(longest)
        return change <= maxLetterChange ? change : 2
    }

    /// Levenshtein distance between two words, in letters.
    static func letterDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars)
        let b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// Whether a negation stands just before the match (or inside it) where the phrase has none.
    static func negated(_ range: Range<Int>, in words: [String], variant: [String]) -> Bool {
        guard !variant.contains(where: negations.contains) else { return false }
        let before = max(0, range.lowerBound - negationReach)..<range.upperBound
        return words[before].contains(where: negations.contains)
    }
}
