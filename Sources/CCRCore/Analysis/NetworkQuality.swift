/// How the network treated a call recently: what ingest reports to analysis about once a second.
public struct NetworkQuality: Sendable, Equatable {
    /// Estimated MOS for the recent interval (simplified E-model).
    public var mos: Double
    /// Packets lost in the recent interval, percent.
    public var lossPercent: Double
    /// RFC 3550 interarrival jitter, ms.
    public var jitterMs: Double

    public init(mos: Double, lossPercent: Double, jitterMs: Double) {
        self.mos = mos
        self.lossPercent = lossPercent
        self.jitterMs = jitterMs
    }

    /// The worse of two legs' figures, field by field.
    public func worst(_ other: NetworkQuality) -> NetworkQuality {
        NetworkQuality(
            mos: min(mos, other.mos), lossPercent: max(lossPercent, other.lossPercent),
            jitterMs: max(jitterMs, other.jitterMs))
    }
}
