/// Why a configuration cannot be used. ccrd stops at start with this message.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(path: String, reason: String)
    /// The file is not valid YAML, or its top level is not a mapping.
    case syntax(path: String, reason: String)
    /// A key has a value of the wrong kind or out of range.
    case invalidValue(key: String, value: String, expected: String, origin: String)
    /// The file has a key ccrd does not know (a typo, usually).
    case unknownKey(key: String, origin: String)
    /// A `CCRD_` environment variable names no configuration key.
    case unknownEnvironmentVariable(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read configuration file \(path): \(reason)"
        case .syntax(let path, let reason):
            "configuration file \(path) is not valid YAML: \(reason)"
        case .invalidValue(let key, let value, let expected, let origin):
            "configuration key \(key) = '\(value)' (\(origin)) is invalid: expected \(expected)"
        case .unknownKey(let key, let origin):
            "unknown configuration key \(key) (\(origin)); see Config/ccrd.yaml for the keys ccrd reads"
        case .unknownEnvironmentVariable(let name):
            "environment variable \(name) names no configuration key; see the README for the CCRD_* names"
        }
    }
}
