/// A moment in UTC, in milliseconds since 1970-01-01T00:00:00Z: what the service-level
/// arithmetic counts in. The caller reads the clock and passes the value in; CCRCore never
/// reads one.
public struct WallTime: Sendable, Hashable, Comparable, Codable {
    public var milliseconds: Int64

    public init(milliseconds: Int64) {
        self.milliseconds = milliseconds
    }

    public init(seconds: Int64) {
        self.milliseconds = seconds &* 1000
    }

    public static func < (lhs: WallTime, rhs: WallTime) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public func adding(milliseconds: Int64) -> WallTime { WallTime(milliseconds: self.milliseconds &+ milliseconds) }

    public func adding(seconds: Int64) -> WallTime { adding(milliseconds: seconds &* 1000) }

    /// Milliseconds from `other` to this moment (negative when `other` is later).
    public func milliseconds(since other: WallTime) -> Int64 { milliseconds &- other.milliseconds }
}

extension WallTime: CustomStringConvertible {
    /// ISO 8601 in UTC with milliseconds: `2026-11-30T05:40:01.123Z`.
    public var description: String {
        let day = ZoneRule.floorDivide(Int(milliseconds), 86_400_000)
        let rest = Int(milliseconds) - day * 86_400_000
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = rest % 1000
        let fraction = millis < 10 ? "00\(millis)" : millis < 100 ? "0\(millis)" : "\(millis)"
        return "\(CivilDate(dayNumber: day))T\(two(rest / 3_600_000)):\(two(rest / 60_000 % 60)):\(two(rest / 1000 % 60)).\(fraction)Z"
    }
}
