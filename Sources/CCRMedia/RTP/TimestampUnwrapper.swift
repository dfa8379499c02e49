/// Extends wrapping 32-bit RTP timestamps into a monotonic 64-bit media clock.
public struct TimestampUnwrapper: Sendable {
    private var highest: Int64?

    public init() {}

    public mutating func unwrap(_ timestamp: UInt32) -> Int64 {
        guard let highest else {
            self.highest = Int64(timestamp)
            return Int64(timestamp)
        }
        let delta = Int32(bitPattern: timestamp &- UInt32(truncatingIfNeeded: highest))
        let value = highest + Int64(delta)
        if value > highest { self.highest = value }
        return value
    }
}
