/// A percentile of the last `capacity` values, updated one value at a time: a ring of the
/// values in arrival order beside the same values sorted. Each push costs one binary search
/// and one shift of at most `capacity` elements; the percentile is then an index.
struct PercentileWindow: Sendable {
    let capacity: Int
    /// 0 ... 100.
    let percentile: Double
    private var ring: [Double] = []
    private var next = 0
    private var sorted: [Double] = []

    init(capacity: Int, percentile: Double) {
        self.capacity = max(1, capacity)
        self.percentile = min(100, max(0, percentile))
        ring.reserveCapacity(self.capacity)
        sorted.reserveCapacity(self.capacity)
    }

    /// Adds a value (dropping the oldest when full) and returns the window's percentile.
    mutating func push(_ value: Double) -> Double {
        if ring.count < capacity {
            ring.append(value)
        } else {
            sorted.remove(at: Self.position(of: ring[next], in: sorted))
            ring[next] = value
            next = (next + 1) % capacity
        }
        sorted.insert(value, at: Self.position(of: value, in: sorted))
        return current
    }

    /// The lowest value held.
    var minimum: Double { sorted.first ?? 0 }

    /// The percentile of the values held (nearest rank, rounding down).
    var current: Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[min(sorted.count - 1, Int(Double(sorted.count) * percentile / 100))]
    }

    /// First index whose value is not less than `value`.
    private static func position(of value: Double, in values: [Double]) -> Int {
        var low = 0
        var high = values.count
        while low < high {
            let middle = (low + high) / 2
            if values[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
