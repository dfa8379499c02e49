import CCRCore
import Foundation

/// Masks runs of digits (card, phone, account numbers) in what was transcribed, before anything
/// is sent or stored: each digit of a run of at least `minimum` digits becomes `#`. A run may
/// hold up to three spaces, dashes, dots, commas or slashes between digits ("06 12 34 56 78",
/// "06, 12, 34", "4970 - 1012", "4,971,123").
struct DigitRedaction: Sendable {
    let minimum: Int

    /// `text` with its long digit runs masked.
    func redact(_ text: String) -> String {
        guard minimum > 0 else { return text }
        var characters = Array(text)
        var index = 0
        while index < characters.count {
            guard characters[index].isASCII, characters[index].isNumber else {
                index += 1
                continue
            }
            // The run: digits, and single separators followed by a digit.
            var digits: [Int] = [index]
            var cursor = index + 1
            while cursor < characters.count {
                if characters[cursor].isASCII && characters[cursor].isNumber {
                    digits.append(cursor)
                    cursor += 1
                } else {
                    // Up to three separators, then a digit: the run goes on.
                    var gap = cursor
                    while gap < characters.count, gap - cursor < 3, Self.separators.contains(characters[gap]) { gap += 1 }
                    guard gap > cursor, gap < characters.count, characters[gap].isASCII, characters[gap].isNumber else { break }
                    cursor = gap
                }
            }
            if digits.count >= minimum {
                for position in digits { characters[position] = "#" }
            }
            index = cursor
        }
        return String(characters)
    }

    /// Words masked alike: a run of words made of digits and separators counts as one run.
    func redact(_ words: [TranscriptWord]) -> [TranscriptWord] {
        guard minimum > 0 else { return words }
        var words = words
        var start = 0
        while start < words.count {
            guard Self.isNumeric(words[start].text) else {
                start += 1
                continue
            }
            var end = start
            var digits = 0
            // Numbers, and a lone separator ("-") between two of them.
            while end < words.count,
                Self.isNumeric(words[end].text)
                    || (Self.isSeparator(words[end].text) && end + 1 < words.count && Self.isNumeric(words[end + 1].text))
            {
                digits += words[end].text.filter { $0.isASCII && $0.isNumber }.count
                end += 1
            }
            if digits >= minimum {
                for index in start..<end {
                    words[index].text = String(words[index].text.map { (character: Character) -> Character in character.isASCII && character.isNumber ? "#" : character })
                }
            }
            start = end
        }
        return words
    }

    private static let separators: Set<Character> = [" ", "-", ".", "/", ","]

    private static func isSeparator(_ word: String) -> Bool {
        !word.isEmpty && word.allSatisfy { separators.contains($0) }
    }

    private static func isNumeric(_ word: String) -> Bool {
        let core = word.trimmingCharacters(in: .punctuationCharacters)
        return !core.isEmpty && core.contains { $0.isASCII && $0.isNumber }
            && core.allSatisfy { ($0.isASCII && $0.isNumber) || separators.contains($0) }
    }
}
