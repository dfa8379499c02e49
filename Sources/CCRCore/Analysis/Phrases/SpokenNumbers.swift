/// Numbers said in words, French and English, written in digits: « quatre vingt dix » → "90",
/// "twenty one" → "21", « deux mille » → "2000". Digits pass as they are.
enum SpokenNumbers {
    /// Units and tens; "cent"/"hundred" multiply what comes before, "mille"/"thousand" close a group.
    static let values: [String: Int] = [
        "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8,
        "neuf": 9, "dix": 10, "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
        "vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60, "septante": 70,
        "huitante": 80, "octante": 80, "nonante": 90,
        "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
        "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
        "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
        "seventy": 70, "eighty": 80, "ninety": 90,
    ]
    static let hundreds: Set<String> = ["cent", "cents", "hundred"]
    static let thousands: Set<String> = ["mille", "thousand"]
    /// Joining words inside a number: « vingt et un », "a hundred and five".
    static let joiners: Set<String> = ["et", "and"]
    /// Numbers said in words stop growing here ("mille mille…" is several numbers).
    static let largest = 1_000_000_000

    /// `words` with every run of number words replaced by its value. A lone "un"/"une"/"one"
    /// stays a word (« un conseiller », "the right one") unless a number word follows it.
    static func fold(_ words: [String]) -> [String] {
        var result: [String] = []
        var index = 0
        while index < words.count {
            guard isNumberWord(words[index]) else {
                result.append(words[index])
                index += 1
                continue
            }
            var end = index
            var total = 0
            var group = 0
            var last = 0
            while end < words.count {
                let word = words[end]
                if let value = values[word] {
                    // « quatre vingt » is 80, not 84.
                    if value == 20 && (2...4).contains(last) && group % 100 == last {
                        group += last * 19
                    } else if Self.fits(value, after: group, inRun: end > index) {
                        group += value
                    } else {
                        break  // "one two three": digits said one by one are numbers apart
                    }
                    last = value
                } else if hundreds.contains(word) {
                    // "cent cent cent…" (a decoder looping, or someone playing) stays bounded.
                    guard group < 1000, last != 100 else { break }
                    group = max(1, group) * 100
                    last = 100
                } else if thousands.contains(word) {
                    guard total < Self.largest, last != 1000 else { break }
                    total += max(1, group) * 1000
                    group = 0
                    last = 1000
                } else if joiners.contains(word), end + 1 < words.count, isNumberWord(words[end + 1]), end > index {
                    // « vingt et un »: skipped.
                } else {
                    break
                }
                end += 1
            }
            let count = end - index
            if count == 1 && ["un", "une", "one"].contains(words[index]) {
                result.append(words[index])
            } else {
                result.append(String(total + group))
            }
            index = end
        }
        return result
    }

    /// Whether `value` adds to `group` as one number: units after tens, teens after « soixante »
    /// or « quatre-vingt », tens after hundreds.
    static func fits(_ value: Int, after group: Int, inRun: Bool) -> Bool {
        guard inRun else { return true }
        let rest = group % 100
        switch value {
        case 0: return false
        case 1..<10: return rest % 10 == 0 && !(10..<20).contains(rest)
        case 10..<20: return rest == 0 || rest == 60 || rest == 80
        default: return rest == 0
        }
    }

    static func isNumberWord(_ word: String) -> Bool {
        values[word] != nil || hundreds.contains(word) || thousands.contains(word)
    }
}
