import CCRServer

/// Fuzz target: the configuration loader (YAML, every key's range check), on any text.
public enum ConfigLoading {
    public static func run(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        guard let reader = try? ConfigReader(yaml: text, path: "fuzz.yaml", environment: [:]) else { return }
        _ = try? Configuration(reader: reader)
    }
}
