/// Extends wrapping 16-bit RTP sequence numbers into a monotonic 64-bit count.
///
/// Each number is placed at the shortest wrapping distance from the highest seen so far, so
/// 65535 → 0 continues upward and a late 65535 after 0 lands just below it.
public struct SequenceUnwrapper: Sendable {
    private var highest: Int64?

    public init() {}

    public mutating func unwrap(_ sequence: UInt16) -> Int64 {
        guard let highest else {
            self.highest = Int64(sequence)
            return Int64(sequence)
        }
        let delta = Int16(bitPattern: sequence &- UInt16(truncatingIfNeeded: highest))
        let value = highest + Int64(delta)
        if value > highest { self.highest = value }
        return value
    }
}
