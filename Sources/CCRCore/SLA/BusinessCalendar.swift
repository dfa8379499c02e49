/// When a contract's clock runs: business hours on business days, on a zone's clocks. The
/// default is the contract's Monday–Friday 09:00–18:30 Europe/Paris, outside French public
/// holidays. Deadlines to take an incident in charge are counted on it.
public struct BusinessCalendar: Sendable, Hashable {
    public var zone: ZoneRule
    /// Opening and closing time, seconds after local midnight.
    public var opens: Int
    public var closes: Int
    /// ISO weekdays that are business days (1 Monday … 7 Sunday).
    public var workdays: Set<Int>
    /// Whether French public holidays are closed.
    public var frenchHolidays: Bool

    public init(zone: ZoneRule = .paris, opens: Int = 9 * 3600, closes: Int = 18 * 3600 + 1800, workdays: Set<Int> = [1, 2, 3, 4, 5], frenchHolidays: Bool = true) {
        self.zone = zone
        self.opens = opens
        self.closes = closes
        self.workdays = workdays
        self.frenchHolidays = frenchHolidays
    }

    /// The contract's calendar.
    public static let contract = BusinessCalendar()

    /// Business time in one business day (9 h 30 min by default), milliseconds.
    public var dayMilliseconds: Int64 { Int64(max(0, closes - opens)) * 1000 }

    public func isBusinessDay(_ date: CivilDate) -> Bool {
        workdays.contains(date.weekday) && !(frenchHolidays && FrenchHolidays.contains(date))
    }

    /// The business hours of `date`, or nil when it is not a business day.
    public func hours(on date: CivilDate) -> Period? {
        guard isBusinessDay(date), closes > opens else { return nil }
        return Period(start: zone.moment(LocalTime(date: date, secondsOfDay: opens)), end: zone.moment(LocalTime(date: date, secondsOfDay: closes)))
    }

    /// The moment `businessMilliseconds` of business time have run from `start`, or nil when
    /// the calendar has no business hours in the next ten years.
    public func deadline(from start: WallTime, after businessMilliseconds: Int64) -> WallTime? {
        var remaining = businessMilliseconds
        if remaining <= 0 { return start }
        var date = zone.local(start).date
        for _ in 0..<3660 {
            defer { date = date.adding(days: 1) }
            guard let hours = hours(on: date), hours.end > start else { continue }
            let from = max(start, hours.start)
            let available = hours.end.milliseconds(since: from)
            if remaining <= available { return from.adding(milliseconds: remaining) }
            remaining -= available
        }
        return nil
    }

    /// Business time between two moments, milliseconds.
    public func businessMilliseconds(in period: Period) -> Int64 {
        guard !period.isEmpty else { return 0 }
        var total: Int64 = 0
        var date = zone.local(period.start).date
        let last = zone.local(period.end).date
        while date <= last {
            if let hours = hours(on: date) { total += hours.clipped(to: period).milliseconds }
            date = date.adding(days: 1)
        }
        return total
    }
}
