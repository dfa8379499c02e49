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

    /// The quality of a leg over the interval between two readings of its counters (`earlier`
    /// nil: since the leg started); nil when no packet was expected in between.
    public init?(from earlier: TransportCounters?, to later: TransportCounters) {
        let lost = later.lost - (earlier?.lost ?? 0)
        let expected = later.expected - (earlier?.expected ?? 0)
        guard expected > 0 else { return nil }
        let lossPercent = 100 * Double(max(0, lost)) / Double(expected)
        let mos = EModel.mos(
            lossPercent: lossPercent, jitterMs: later.jitterMs, jitterBufferMs: later.jitterBufferMs,
            packetMs: later.packetMs, codec: later.codec)
        self.init(mos: mos, lossPercent: lossPercent, jitterMs: later.jitterMs)
    }

    /// The worse of two legs' figures, field by field.
    public func worst(_ other: NetworkQuality) -> NetworkQuality {
        NetworkQuality(
            mos: min(mos, other.mos), lossPercent: max(lossPercent, other.lossPercent),
            jitterMs: max(jitterMs, other.jitterMs))
    }
}
