/// The contract's availability over a period: the time ccrd served, as a share of the time
/// not excluded for announced maintenance. Downtime inside a maintenance window does not count.
public struct Availability: Sendable, Hashable {
    public var period: Period
    /// Time inside maintenance windows, milliseconds.
    public var excludedMilliseconds: Int64
    /// Time down outside maintenance windows, milliseconds.
    public var downtimeMilliseconds: Int64

    public init(period: Period, downtime: [Period], maintenance: [Period]) {
        self.period = period
        let excluded = Period.merged(maintenance.map { $0.clipped(to: period) })
        excludedMilliseconds = Period.milliseconds(of: excluded)
        downtimeMilliseconds = Period.milliseconds(of: Period.subtracting(excluded, from: downtime.map { $0.clipped(to: period) }))
    }

    /// Time that counts, milliseconds.
    public var countedMilliseconds: Int64 { period.milliseconds - excludedMilliseconds }

    /// (period − excluded − downtime) / (period − excluded); nil when nothing counts.
    public var ratio: Double? {
        guard countedMilliseconds > 0 else { return nil }
        return Double(countedMilliseconds - downtimeMilliseconds) / Double(countedMilliseconds)
    }
}
