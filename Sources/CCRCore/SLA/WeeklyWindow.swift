/// A maintenance window that comes back every week, on a zone's clocks: the contract's
/// Thursday 06:00–08:00 at GMT+1. An end at or before the start ends on the next day (a
/// window across midnight).
public struct WeeklyWindow: Sendable, Hashable {
    /// ISO weekday the window opens on (1 Monday … 7 Sunday).
    public var weekday: Int
    /// Opening and closing time, seconds after local midnight.
    public var start: Int
    public var end: Int
    public var zone: ZoneRule

    public init(weekday: Int, start: Int, end: Int, zone: ZoneRule) {
        self.weekday = weekday
        self.start = start
        self.end = end
        self.zone = zone
    }

    /// The contract's window: Thursday 06:00–08:00 at UTC+01:00.
    public static let contract = WeeklyWindow(weekday: 4, start: 6 * 3600, end: 8 * 3600, zone: .fixed(offsetSeconds: 3600))

    /// Length of one occurrence, seconds.
    public var seconds: Int { end > start ? end - start : end + 86_400 - start }

    /// The occurrences that overlap `period`, in order.
    public func occurrences(overlapping period: Period) -> [Period] {
        guard !period.isEmpty else { return [] }
        var result: [Period] = []
        var date = zone.local(period.start).date.adding(days: -1)
        let last = zone.local(period.end).date
        while date <= last {
            if date.weekday == weekday {
                let opens = zone.moment(LocalTime(date: date, secondsOfDay: start))
                let occurrence = Period(start: opens, end: opens.adding(seconds: Int64(seconds)))
                if occurrence.overlaps(period) { result.append(occurrence) }
            }
            date = date.adding(days: 1)
        }
        return result
    }
}
