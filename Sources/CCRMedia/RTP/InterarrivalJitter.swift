/// RFC 3550 §6.4.1 / A.8 interarrival jitter: a running mean of the difference in transit
/// time between consecutive packets, in RTP timestamp units.
///
/// Works on the raw 32-bit timestamps with wrapping differences, so no sender-chosen value can
/// overflow it.
public struct InterarrivalJitter: Sendable {
    private let clockRate: Double
    private var last: (timestamp: UInt32, arrival: Int64)?
    /// Current estimate in timestamp units.
    public private(set) var jitter: Double = 0

    public init(clockRate: Int) {
        self.clockRate = Double(clockRate)
    }

    /// Records a packet with its RTP timestamp and arrival time in nanoseconds.
    public mutating func record(timestamp: UInt32, arrivalNanoseconds: Int64) {
        if let last {
            let arrivalDelta = Double(arrivalNanoseconds &- last.arrival) * clockRate / 1e9
            let timestampDelta = Double(Int32(bitPattern: timestamp &- last.timestamp))
            let d = abs(arrivalDelta - timestampDelta)
            jitter += (d - jitter) / 16
        }
        last = (timestamp, arrivalNanoseconds)
    }

    /// Current estimate in milliseconds.
    public var milliseconds: Double { jitter / clockRate * 1000 }
}
