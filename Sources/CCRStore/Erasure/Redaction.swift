/// Replaces whole occurrences of an identifier in free text, for erasure.
///
/// An occurrence is whole when the characters around it do not continue an identifier: a letter,
/// digit or `_` touching it does, and so does one of `.-:@+` followed by a letter or digit
/// ("agent-7" is not in "agent-77" nor in "agent-7.b", but is in "ask agent-7." and "(agent-7)").
public enum Redaction {
    /// What an erased identifier becomes.
    public static let marker = "[erased]"

    public static func redact(_ identifier: String, in text: String) -> String {
        let needle = Array(identifier.unicodeScalars)
        let scalars = Array(text.unicodeScalars)
        guard !needle.isEmpty, scalars.count >= needle.count else { return text }
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if index + needle.count <= scalars.count, scalars[index..<(index + needle.count)].elementsEqual(needle),
                isBoundary(scalars, before: index), isBoundary(scalars, after: index + needle.count)
            {
                result.append(contentsOf: marker.unicodeScalars)
                index += needle.count
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }

    private static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
    }

    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        ".-:@+".unicodeScalars.contains(scalar)
    }

    private static func isBoundary(_ scalars: [Unicode.Scalar], before index: Int) -> Bool {
        guard index > 0 else { return true }
        let previous = scalars[index - 1]
        if isWordCharacter(previous) { return false }
        if isJoiner(previous) { return index < 2 || !isWordCharacter(scalars[index - 2]) }
        return true
    }

    private static func isBoundary(_ scalars: [Unicode.Scalar], after index: Int) -> Bool {
        guard index < scalars.count else { return true }
        let next = scalars[index]
        if isWordCharacter(next) { return false }
        if isJoiner(next) { return index + 1 >= scalars.count || !isWordCharacter(scalars[index + 1]) }
        return true
    }
}
