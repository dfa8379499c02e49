/// Extends wrapping RTP counters (16-bit sequence numbers, 32-bit timestamps) into a
/// monotonic 64-bit count.
///
/// Each value is placed at the shortest wrapping distance from the highest seen so far, so
/// 65535 → 0 continues upward and a late 65535 after 0 lands just below it.
public struct WrappingUnwrapper<Value: UnsignedInteger & FixedWidthInteger & Sendable>: Sendable {
    private var highest: Int64?

    public init() {}

    public mutating func unwrap(_ value: Value) -> Int64 {
        guard let highest else {
            self.highest = Int64(value)
            return Int64(value)
        }
        let modulus = Int64(1) << Value.bitWidth
        var delta = Int64(value &- Value(truncatingIfNeeded: highest))
        if delta >= modulus / 2 { delta -= modulus }
        let unwrapped = highest + delta
        if unwrapped > highest { self.highest = unwrapped }
        return unwrapped
    }
}

/// Unwraps 16-bit RTP sequence numbers.
public typealias SequenceUnwrapper = WrappingUnwrapper<UInt16>
/// Unwraps 32-bit RTP timestamps.
public typealias TimestampUnwrapper = WrappingUnwrapper<UInt32>
