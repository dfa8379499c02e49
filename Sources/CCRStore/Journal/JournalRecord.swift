/// What a caller asks the journal to record; the store adds the time, sequence and hashes.
public struct JournalRecord: Sendable, Equatable {
    public var actor: String
    public var action: String
    public var target: String
    public var source: String
    public var detail: String

    /// Longest a field is stored; longer text is cut (and says so).
    public static let maxFieldBytes = 1024

    /// Every field is made `printable` first: what is stored, hashed and read back are the same bytes.
    public init(actor: String, action: String, target: String = "-", source: String, detail: String = "") {
        self.actor = Self.printable(actor)
        self.action = Self.printable(action)
        self.target = Self.printable(target)
        self.source = Self.printable(source)
        self.detail = Self.printable(detail)
    }

    /// `text` with control characters (NUL among them, which SQLite text cannot carry intact)
    /// and backslashes escaped as `\u{…}`, cut to `maxFieldBytes`.
    public static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.properties.generalCategory == .control || scalar == "\\" || scalar.properties.generalCategory == .format {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            if result.utf8.count > maxFieldBytes {
                return String(decoding: result.utf8.prefix(maxFieldBytes), as: UTF8.self) + "…[cut]"
            }
        }
        return result
    }
}
