import CCRCore
import Foundation
import Yams

/// Reads typed values from a YAML configuration, where every key can be overridden by an
/// environment variable, and rejects keys and variables it does not know.
///
/// A key's variable is `CCRD_` followed by the key's words in capitals joined by `_`:
/// `ingest.rtp.idleTimeout` → `CCRD_INGEST_RTP_IDLE_TIMEOUT`. List values (`agents`) are
/// given as YAML in the variable, e.g. `CCRD_AGENTS='[{id: a1, agentPort: 40000, customerPort: 40002}]'`.
public final class ConfigReader {
    /// Variables that are not configuration keys but are read by ccrd itself.
    public static let reservedVariables: Set<String> = ["CCRD_CONFIG"]

    private struct Entry {
        var node: Node
        var origin: String
    }

    private let prefix: String
    private let file: [String: Entry]
    private let environment: [String: String]
    private let checksEnvironment: Bool
    private var consumed: Set<String> = []

    /// Parses `yaml` (read from `path`, used in messages) with `environment` on top.
    public convenience init(yaml: String, path: String, environment: [String: String]) throws(ConfigError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw .syntax(path: path, reason: "\(error)")
        }
        var entries: [String: Entry] = [:]
        switch root {
        case nil:
            break
        case .mapping(let mapping)?:
            Self.flatten(mapping, prefix: "", path: path, into: &entries)
        case .some:
            throw .syntax(path: path, reason: "the top level must be a mapping of keys")
        }
        self.init(prefix: "", file: entries, environment: environment, checksEnvironment: true)
    }

    private init(prefix: String, file: [String: Entry], environment: [String: String], checksEnvironment: Bool) {
        self.prefix = prefix
        self.file = file
        self.environment = environment
        self.checksEnvironment = checksEnvironment
    }

    private static func flatten(_ mapping: Node.Mapping, prefix: String, path: String, into entries: inout [String: Entry]) {
        for (keyNode, value) in mapping {
            let key = prefix + (keyNode.string ?? "\(keyNode)")
            if case .mapping(let nested) = value {
                flatten(nested, prefix: key + ".", path: path, into: &entries)
            } else {
                entries[key] = Entry(node: value, origin: "\(path):\(value.mark?.line ?? 0)")
            }
        }
    }

    /// `CCRD_` name of a key: camelCase words split, all capitals, joined by `_`.
    public static func environmentName(for key: String) -> String {
        var name = "CCRD"
        for component in key.split(separator: ".") {
            name += "_"
            var previousWasLower = false
            for character in component {
                if character.isUppercase && previousWasLower { name += "_" }
                name += character.uppercased()
                previousWasLower = character.isLowercase || character.isNumber
            }
        }
        return name
    }

    /// Raw value of a key, environment first, and where it came from.
    private func lookup(_ key: String) -> (node: Node, text: String, origin: String)? {
        let full = prefix + key
        consumed.insert(full)
        if checksEnvironment {
            let name = Self.environmentName(for: full)
            if let text = environment[name] {
                let node = (try? Yams.compose(yaml: text)) ?? nil
                return (node ?? .scalar(.init(text)), text, "environment \(name)")
            }
        }
        guard let entry = file[full] else { return nil }
        if case .scalar(let scalar) = entry.node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null",
            scalar.style == .plain
        {
            return nil
        }
        let text: String
        if case .scalar(let scalar) = entry.node { text = scalar.string } else { text = (try? Yams.serialize(node: entry.node)) ?? "" }
        return (entry.node, text.trimmingCharacters(in: .whitespacesAndNewlines), entry.origin)
    }

    private func invalid(_ key: String, _ found: (node: Node, text: String, origin: String), _ expected: String) -> ConfigError {
        .invalidValue(key: prefix + key, value: found.text, expected: expected, origin: found.origin)
    }

    /// A string, or `defaultValue` when the key is absent.
    public func string(_ key: String, default defaultValue: String) throws(ConfigError) -> String {
        try optionalString(key) ?? defaultValue
    }

    /// A string, or nil when the key is absent or null.
    public func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard let found = lookup(key) else { return nil }
        guard case .scalar = found.node else { throw invalid(key, found, "a single value, not a list or mapping") }
        return found.text
    }

    /// Whether the key is given (in the file or the environment).
    public func has(_ key: String) -> Bool {
        let full = prefix + key
        return (checksEnvironment && environment[Self.environmentName(for: full)] != nil) || file[full] != nil
    }

    /// A list of words or phrases (a single value is a list of one); nil when the key is absent.
    public func strings(_ key: String) throws(ConfigError) -> [String]? {
        guard let found = lookup(key) else { return nil }
        switch found.node {
        case .scalar(let scalar):
            return [scalar.string]
        case .sequence(let sequence):
            var values: [String] = []
            for element in sequence {
                guard case .scalar(let scalar) = element else { throw invalid(key, found, "a list of phrases in quotes") }
                values.append(scalar.string)
            }
            return values
        default:
            throw invalid(key, found, "a list of phrases in quotes")
        }
    }

    /// `true` or `false`.
    public func bool(_ key: String, default defaultValue: Bool) throws(ConfigError) -> Bool {
        guard let found = lookup(key) else { return defaultValue }
        switch found.text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw invalid(key, found, "true or false")
        }
    }

    /// An integer within `range`.
    public func int(_ key: String, default defaultValue: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let found = lookup(key) else { return defaultValue }
        guard let value = Int(found.text), range.contains(value) else {
            throw invalid(key, found, "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A number within `range`, or nil when the key is absent.
    public func optionalDouble(_ key: String, range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let found = lookup(key) else { return nil }
        guard let value = Double(found.text), range.contains(value) else {
            throw invalid(key, found, "a number from \(Scorecard.Criterion.format(range.lowerBound)) to \(Scorecard.Criterion.format(range.upperBound))")
        }
        return value
    }

    /// A number within `range`.
    public func double(_ key: String, default defaultValue: Double, range: ClosedRange<Double>) throws(ConfigError) -> Double {
        try optionalDouble(key, range: range) ?? defaultValue
    }

    /// A duration in seconds (see `duration`).
    public func seconds(_ key: String, default defaultValue: Double, range: ClosedRange<Double>) throws(ConfigError) -> Double {
        let value = try duration(
            key, default: .milliseconds(Int64(defaultValue * 1000)),
            range: .milliseconds(Int64(range.lowerBound * 1000))...(.milliseconds(Int64(range.upperBound * 1000))))
        return Double(value.components.seconds) + Double(value.components.attoseconds) / 1e18
    }

    /// One of a fixed set of words.
    public func choice<Value: RawRepresentable & CaseIterable>(
        _ key: String, default defaultValue: Value
    ) throws(ConfigError) -> Value where Value.RawValue == String {
        guard let found = lookup(key) else { return defaultValue }
        guard let value = Value(rawValue: found.text) else {
            throw invalid(key, found, "one of " + Value.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return value
    }

    /// One of a fixed set of words, or nil when the key is absent.
    public func optionalChoice<Value: RawRepresentable & CaseIterable>(_ key: String) throws(ConfigError) -> Value?
    where Value.RawValue == String {
        guard lookup(key) != nil else { return nil }
        consumed.remove(prefix + key)
        return try choice(key, default: Value.allCases.first!)
    }

    /// A duration written with a unit: `500ms`, `15s`, `2m`, `1h`, `90d`.
    public func duration(_ key: String, default defaultValue: Duration, range: ClosedRange<Duration>) throws(ConfigError) -> Duration {
        guard let found = lookup(key) else { return defaultValue }
        let expected = "a duration with a unit (ms, s, m, h, d) from \(range.lowerBound) to \(range.upperBound), e.g. 15s"
        guard let value = Self.parseDuration(found.text), range.contains(value) else {
            throw invalid(key, found, expected)
        }
        return value
    }

    /// Parses "500ms", "15s", "5m", "1h", "90d".
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (unit, milliseconds) in units where text.hasSuffix(unit) {
            let number = text.dropLast(unit.count).trimmingCharacters(in: .whitespaces)
            // "ms" also ends in "s": only accept a plain number before the unit.
            guard let value = Int64(number), value >= 0 else { continue }
            let (total, overflow) = value.multipliedReportingOverflow(by: milliseconds)
            return overflow ? nil : .milliseconds(total)
        }
        return nil
    }

    /// A port range written `FIRST-LAST`.
    public func portRange(_ key: String, default defaultValue: ClosedRange<Int>) throws(ConfigError) -> ClosedRange<Int> {
        guard let found = lookup(key) else { return defaultValue }
        let parts = found.text.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let first = parts[0], let last = parts[1], 1024 <= first, first + 3 <= last,
            last <= 65535
        else {
            throw invalid(key, found, "FIRST-LAST with 1024 ≤ FIRST, at least 4 ports, LAST ≤ 65535, e.g. 40000-44999")
        }
        return first...last
    }

    /// Payload types written as a list or ranges: `96-127` or `96,111`.
    public func payloadTypes(_ key: String, default defaultValue: Set<UInt8>) throws(ConfigError) -> Set<UInt8> {
        guard let found = lookup(key) else { return defaultValue }
        var types: Set<UInt8> = []
        for part in found.text.split(separator: ",") {
            let bounds = part.split(separator: "-").map { UInt8($0.trimmingCharacters(in: .whitespaces)) }
            guard (1...2).contains(bounds.count), let low = bounds.first ?? nil, let high = bounds.last ?? nil,
                low <= high, high <= 127
            else {
                throw invalid(key, found, "payload types 0-127 as a list or ranges, e.g. 96-127 or 96,111")
            }
            types.formUnion(low...high)
        }
        return types
    }

    /// A list of mappings, each read by its own reader (`body` gets the item's reader).
    public func list<Item>(_ key: String, body: (ConfigReader) throws(ConfigError) -> Item) throws(ConfigError) -> [Item] {
        guard let found = lookup(key) else { return [] }
        guard case .sequence(let sequence) = found.node else {
            throw invalid(key, found, "a list")
        }
        var items: [Item] = []
        for (index, element) in sequence.enumerated() {
            guard case .mapping(let mapping) = element else {
                throw .invalidValue(
                    key: "\(prefix)\(key)[\(index)]", value: "\(element.string ?? "…")", expected: "a mapping of keys",
                    origin: found.origin)
            }
            var entries: [String: Entry] = [:]
            let origin = found.origin.hasPrefix("environment") ? found.origin : found.origin.components(separatedBy: ":").first ?? ""
            Self.flatten(mapping, prefix: "\(prefix)\(key)[\(index)].", path: origin, into: &entries)
            let reader = ConfigReader(
                prefix: "\(prefix)\(key)[\(index)].", file: entries, environment: [:], checksEnvironment: false)
            items.append(try body(reader))
            try reader.finish()
        }
        return items
    }

    /// Fails on keys in the file that nothing read, and on `CCRD_` variables that name no key.
    public func finish() throws(ConfigError) {
        for key in file.keys.sorted() where !consumed.contains(key) {
            throw .unknownKey(key: key, origin: file[key]!.origin)
        }
        guard checksEnvironment else { return }
        let known = Set(consumed.map(Self.environmentName(for:)))
        for name in environment.keys.sorted() where name.hasPrefix("CCRD_") {
            if !known.contains(name) && !Self.reservedVariables.contains(name) {
                throw .unknownEnvironmentVariable(name)
            }
        }
    }
}
