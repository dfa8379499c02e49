/// An RTCP sender report's timing (RFC 3550 §6.4.1): the sender's wall clock (NTP) at the
/// instant its stream's RTP timestamp read `rtpTimestamp`. Two streams from senders on one
/// clock are aligned by it, whatever their random timestamp bases and whenever their packets
/// arrive: it is what recorders use to put the two directions of a call side by side.
public struct SenderReport: Equatable, Sendable {
    public var ssrc: UInt32
    /// NTP seconds since 1900 (the integer part).
    public var ntpSeconds: UInt32
    /// NTP fraction of a second, in units of 2^-32 s.
    public var ntpFraction: UInt32
    public var rtpTimestamp: UInt32

    public init(ssrc: UInt32, ntpSeconds: UInt32, ntpFraction: UInt32, rtpTimestamp: UInt32) {
        self.ssrc = ssrc
        self.ntpSeconds = ntpSeconds
        self.ntpFraction = ntpFraction
        self.rtpTimestamp = rtpTimestamp
    }

    /// Whether the report carries a wall clock at all (a sender without one sends zero).
    public var hasWallClock: Bool { ntpSeconds != 0 || ntpFraction != 0 }

    /// The sender's wall clock, seconds since 1900, when its stream's timestamp read `timestamp`
    /// (a timestamp within 2^31 ticks of the report's, either side, as RTP arithmetic wraps).
    public func wallClock(atTimestamp timestamp: UInt32, clockRate: Int) -> Double {
        let ticks = Int32(bitPattern: timestamp &- rtpTimestamp)
        return Double(ntpSeconds) + Double(ntpFraction) / 4_294_967_296 + Double(ticks) / Double(max(1, clockRate))
    }
}
