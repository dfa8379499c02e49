/// A stretch of media time, in seconds from the start of the call.
public struct Span: Sendable, Codable, Equatable {
    public var start: Double
    public var length: Double

    public init(start: Double, length: Double) {
        self.start = start
        self.length = length
    }

    /// A span between two frame indices.
    init(from start: Int64, to end: Int64) {
        self.start = Seconds.of(start)
        self.length = Seconds.of(end - start)
    }

    public var end: Double { start + length }
}

/// Frame indices ↔ seconds (20 ms frames).
enum Seconds {
    static let perFrame = 0.02

    static func of(_ frames: Int64) -> Double { Double(frames) * perFrame }
    static func frames(_ seconds: Double) -> Int64 { Int64((seconds / perFrame).rounded()) }
}
