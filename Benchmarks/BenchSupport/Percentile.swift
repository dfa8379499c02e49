/// Nearest-rank percentiles of a benchmark's measurements.
public enum Percentile {
    /// The value at `p` (0 … 1) of `sorted` (ascending); nil when there is none.
    public static func of(_ sorted: [Double], _ p: Double) -> Double? {
        sorted.isEmpty ? nil : sorted[max(0, min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }
}
