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
