/// Hands out even/odd UDP port pairs (RTP, RTCP) from a range in random order, so the next
/// call's ports cannot be guessed from the last one's, and keeps a just-released pair out of
/// use for a while, since stray packets of the old call may still arrive.
struct PortPool: Sendable {
    let range: ClosedRange<Int>
    private var inUse: Set<Int> = []
    /// Released pairs, oldest first, not handed out again until `quarantine` newer ones follow
    /// (or nothing else is free).
    private var resting: [Int] = []
    private let quarantine: Int

    init(range: ClosedRange<Int>) {
        self.range = range
        let first = range.lowerBound + range.lowerBound % 2
        let pairs = first + 1 > range.upperBound ? 0 : (range.upperBound - first + 1) / 2
        self.quarantine = min(64, pairs / 2)
    }

    private var first: Int { range.lowerBound + range.lowerBound % 2 }

    /// Pairs the range can hold.
    var capacity: Int {
        first + 1 > range.upperBound ? 0 : (range.upperBound - first + 1) / 2
    }

    /// Pairs free now (resting ones included: they are handed out when nothing else is left).
    var free: Int { max(0, capacity - inUse.count) }

    /// Reserves a random free pair and returns its even (RTP) port.
    mutating func reserve() -> Int? {
        var generator = SystemRandomNumberGenerator()
        return reserve(using: &generator)
    }

    /// The same, with a given source of randomness (tests).
    mutating func reserve<Generator: RandomNumberGenerator>(using generator: inout Generator) -> Int? {
        let count = capacity
        guard count > 0, inUse.count < count else { return nil }
        // Probe from a random pair; a pair resting after release is passed over unless it is
        // the only kind left.
        let start = Int.random(in: 0..<count, using: &generator)
        var fallback: Int?
        for step in 0..<count {
            let port = first + 2 * ((start + step) % count)
            guard !inUse.contains(port) else { continue }
            if resting.contains(port) {
                if fallback == nil { fallback = port }
                continue
            }
            inUse.insert(port)
            return port
        }
        guard let port = fallback else { return nil }
        resting.removeAll { $0 == port }
        inUse.insert(port)
        return port
    }

    mutating func release(_ port: Int) {
        guard inUse.remove(port) != nil else { return }
        guard quarantine > 0 else { return }
        resting.append(port)
        if resting.count > quarantine { resting.removeFirst() }
    }
}
