/// Hands out even/odd UDP port pairs (RTP, RTCP) from a range, round robin, so a port just
/// released is not reused at once while stray packets of the old call may still arrive.
struct PortPool: Sendable {
    let range: ClosedRange<Int>
    private var inUse: Set<Int> = []
    private var cursor: Int

    init(range: ClosedRange<Int>) {
        self.range = range
        self.cursor = range.lowerBound + range.lowerBound % 2
    }

    /// Pairs the range can hold.
    var capacity: Int {
        let first = range.lowerBound + range.lowerBound % 2
        return first + 1 > range.upperBound ? 0 : (range.upperBound - first + 1) / 2
    }

    /// Reserves the next free pair and returns its even (RTP) port.
    mutating func reserve() -> Int? {
        let first = range.lowerBound + range.lowerBound % 2
        for _ in 0..<capacity {
            let port = cursor
            cursor += 2
            if cursor + 1 > range.upperBound { cursor = first }
            if !inUse.contains(port) {
                inUse.insert(port)
                return port
            }
        }
        return nil
    }

    mutating func release(_ port: Int) {
        inUse.remove(port)
    }
}
