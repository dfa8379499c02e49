/// RFC 3550 §6.4.1 / A.8 interarrival jitter: a running mean of the difference in transit
/// time between consecutive packets, in RTP timestamp units.
public struct InterarrivalJitter: Sendable {
    private let clockRate: Double
    private var lastTransit: Double?
    /// Current estimate in timestamp units.
    public private(set) var jitter: Double = 0

    public init(clockRate: Int) {
        self.clockRate = Double(clockRate)
    }

    /// Records a packet with its (unwrapped) RTP timestamp and arrival time in nanoseconds.
    public mutating func record(timestamp: Int64, arrivalNanoseconds: Int64) {
        let arrival = Double(arrivalNanoseconds) * clockRate / 1e9
        let transit = arrival - Double(timestamp)
        if let lastTransit {
            let d = abs(transit - lastTransit)
            jitter += (d - jitter) / 16
        }
        lastTransit = transit
    }

    /// Current estimate in milliseconds.
    public var milliseconds: Double { jitter / clockRate * 1000 }
}
