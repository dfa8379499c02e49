/// A stretch of wall time, `[start, end)`: a month, a maintenance window, a downtime, the
/// business hours of a day. Lists of periods can be merged and subtracted.
public struct Period: Sendable, Hashable, Codable {
    public var start: WallTime
    public var end: WallTime

    /// An empty period when `end` is before `start`.
    public init(start: WallTime, end: WallTime) {
        self.start = start
        self.end = max(start, end)
    }

    public var milliseconds: Int64 { end.milliseconds(since: start) }
    public var isEmpty: Bool { end <= start }

    public func contains(_ moment: WallTime) -> Bool { start <= moment && moment < end }

    /// The part of this period inside `other` (empty when they do not meet).
    public func clipped(to other: Period) -> Period {
        Period(start: max(start, other.start), end: min(end, other.end))
    }

    public func overlaps(_ other: Period) -> Bool { !clipped(to: other).isEmpty }

    /// The periods sorted, with the ones that overlap or touch joined and the empty ones dropped.
    public static func merged(_ periods: [Period]) -> [Period] {
        var result: [Period] = []
        for period in periods.sorted(by: { $0.start < $1.start }) where !period.isEmpty {
            if let last = result.last, period.start <= last.end {
                result[result.count - 1].end = max(last.end, period.end)
            } else {
                result.append(period)
            }
        }
        return result
    }

    /// What is left of `periods` once every part inside `removed` is taken out, merged.
    public static func subtracting(_ removed: [Period], from periods: [Period]) -> [Period] {
        let cuts = merged(removed)
        var result: [Period] = []
        for period in merged(periods) {
            var rest = period.start
            for cut in cuts where cut.end > rest && cut.start < period.end {
                if cut.start > rest { result.append(Period(start: rest, end: cut.start)) }
                rest = max(rest, cut.end)
            }
            if rest < period.end { result.append(Period(start: rest, end: period.end)) }
        }
        return result
    }

    /// The total length of the periods, each moment counted once.
    public static func milliseconds(of periods: [Period]) -> Int64 {
        merged(periods).reduce(0) { $0 + $1.milliseconds }
    }
}
