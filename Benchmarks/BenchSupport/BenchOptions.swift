/// The `--name value` options of the benchmark executables (they run from `make`, not by
/// hand, so a missing or malformed value falls back to its default).
public struct BenchOptions: Sendable {
    public let arguments: [String]

    public init(_ arguments: some Sequence<String>) {
        self.arguments = Array(arguments)
    }

    public func value(_ name: String) -> String? {
        guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return nil }
        return arguments[index + 1]
    }

    public func string(_ name: String, _ fallback: String) -> String { value(name) ?? fallback }

    public func int(_ name: String, _ fallback: Int) -> Int { value(name).flatMap { Int($0) } ?? fallback }

    /// A comma-separated list of integers.
    public func list(_ name: String, _ fallback: [Int]) -> [Int] {
        let values = (value(name) ?? "").split(separator: ",").compactMap { Int($0) }
        return values.isEmpty ? fallback : values
    }
}
