import CCRServer

/// Fuzz target: what a live client may send after connecting (`subscribe` messages and anything
/// else), through a real hub and subscription.
public enum LiveMessages {
    public static func run(_ data: [UInt8]) {
        InputParsers.liveMessage(String(decoding: data, as: UTF8.self))
    }
}
