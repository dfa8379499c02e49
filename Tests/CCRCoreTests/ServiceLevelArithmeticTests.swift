import CCRCore
import Foundation
import Testing

/// The contract's calendar arithmetic: dates, zones with summer time, French holidays,
/// business-hour deadlines, maintenance windows and availability. Every moment is passed in.
@Suite("Service-level arithmetic")
struct ServiceLevelArithmeticTests {
    /// A moment on Paris clocks.
    func paris(_ date: String, _ hour: Int, _ minute: Int = 0) throws -> WallTime {
        ZoneRule.paris.moment(LocalTime(date: try #require(CivilDate(date)), secondsOfDay: hour * 3600 + minute * 60))
    }

    @Test func civilDatesRoundTripAndKnowTheirWeekday() throws {
        for day in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: day).dayNumber == day)
        }
        #expect(CivilDate(dayNumber: 0) == CivilDate(year: 1970, month: 1, day: 1))
        #expect(try #require(CivilDate("2026-11-30")).weekday == 1)
        #expect(try #require(CivilDate("2028-02-29")).weekday == 2)
        #expect(CivilDate("2026-02-29") == nil && CivilDate("2026-13-01") == nil && CivilDate("+026-01-01") == nil && CivilDate("2026-1-01") == nil)
        #expect(CivilDate(year: 2026, month: 3, day: 1).lastWeekday(7) == CivilDate("2026-03-29"))
    }

    @Test func frenchHolidaysFollowEasterFrom2026To2035() throws {
        // Easter Monday, Ascension, Whit Monday (published calendars).
        let movable: [Int: [String]] = [
            2026: ["2026-04-06", "2026-05-14", "2026-05-25"], 2027: ["2027-03-29", "2027-05-06", "2027-05-17"],
            2028: ["2028-04-17", "2028-05-25", "2028-06-05"], 2029: ["2029-04-02", "2029-05-10", "2029-05-21"],
            2030: ["2030-04-22", "2030-05-30", "2030-06-10"], 2031: ["2031-04-14", "2031-05-22", "2031-06-02"],
            2032: ["2032-03-29", "2032-05-06", "2032-05-17"], 2033: ["2033-04-18", "2033-05-26", "2033-06-06"],
            2034: ["2034-04-10", "2034-05-18", "2034-05-29"], 2035: ["2035-03-26", "2035-05-03", "2035-05-14"],
        ]
        for (year, dates) in movable {
            let holidays = FrenchHolidays.dates(in: year)
            #expect(holidays.count == 11)
            for text in dates { #expect(holidays.contains(try #require(CivilDate(text))), "\(text)") }
            for fixed in ["01-01", "05-01", "05-08", "07-14", "08-15", "11-01", "11-11", "12-25"] {
                #expect(FrenchHolidays.contains(try #require(CivilDate("\(year)-\(fixed)"))))
            }
        }
        #expect(!FrenchHolidays.contains(try #require(CivilDate("2026-12-24"))))
        #expect(!FrenchHolidays.contains(try #require(CivilDate("2026-04-03"))))  // Good Friday: Alsace-Moselle only
    }

    @Test func parisSummerTimeMatchesTheZoneDatabaseFor2026To2035() throws {
        let zone = try #require(TimeZone(identifier: "Europe/Paris"))
        let start = try #require(CivilDate("2026-01-01")).dayNumber * 86_400
        let end = try #require(CivilDate("2036-01-01")).dayNumber * 86_400
        var mismatches = 0
        for seconds in stride(from: start, to: end, by: 1800) {
            let moment = WallTime(seconds: Int64(seconds))
            if ZoneRule.paris.offsetSeconds(at: moment) != zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds))) { mismatches += 1 }
        }
        #expect(mismatches == 0)
        // Months with a change are an hour short or long.
        #expect(ZoneRule.paris.month(year: 2026, month: 3).milliseconds == (31 * 24 - 1) * 3_600_000)
        #expect(ZoneRule.paris.month(year: 2026, month: 10).milliseconds == (31 * 24 + 1) * 3_600_000)
        #expect(ZoneRule.paris.month(year: 2026, month: 11).start == WallTime(seconds: Int64(try #require(CivilDate("2026-10-31")).dayNumber * 86_400 + 23 * 3600)))
        // Local times round-trip, and the skipped hour is read on summer time.
        let noon = try paris("2026-07-14", 12)
        #expect(ZoneRule.paris.local(noon) == LocalTime(date: try #require(CivilDate("2026-07-14")), secondsOfDay: 12 * 3600))
        #expect(noon == WallTime(seconds: Int64(try #require(CivilDate("2026-07-14")).dayNumber * 86_400 + 10 * 3600)))
    }

    @Test func zonesAreNamedOrGivenAsOffsets() {
        #expect(ZoneRule(name: "Europe/Paris") == .paris)
        #expect(ZoneRule(name: "UTC") == .utc && ZoneRule(name: "GMT") == .utc)
        #expect(ZoneRule(name: "+01:00") == .fixed(offsetSeconds: 3600))
        #expect(ZoneRule(name: "GMT+1") == .fixed(offsetSeconds: 3600))
        #expect(ZoneRule(name: "UTC-05:30") == .fixed(offsetSeconds: -19_800))
        for bad in ["Mars/Olympus", "+25:00", "+01:60", "01:00", "+", "+1:2:3", "GMT+x", "+٣"] { #expect(ZoneRule(name: bad) == nil, "\(bad)") }
    }

    @Test func aP1OpenedFridayAt17BeforeAHolidayMondayIsDueTuesday() throws {
        // 2026-05-22 is a Friday, Monday 25 May is Whit Monday.
        let opened = try paris("2026-05-22", 17)
        let calendar = BusinessCalendar.contract
        let standard = IncidentContract.standard(on: calendar)
        // 1.5 h on Friday, then Tuesday from 09:00.
        #expect(standard.deadline(for: .p1, openedAt: opened, on: calendar) == (try paris("2026-05-26", 11, 30)))
        #expect(standard.deadline(for: .p2, openedAt: opened, on: calendar) == (try paris("2026-05-26", 17)))
        #expect(standard.deadline(for: .p3, openedAt: opened, on: calendar) == (try paris("2026-05-28", 17)))
        // The CRM360 annex counts hours: 8, 24 and 40 business hours.
        let annex = IncidentContract.crm360
        #expect(annex.objective == 0.95)
        #expect(annex.deadline(for: .p1, openedAt: opened, on: calendar) == (try paris("2026-05-26", 15, 30)))
        #expect(annex.deadline(for: .p2, openedAt: opened, on: calendar) == (try paris("2026-05-28", 12, 30)))
        #expect(annex.deadline(for: .p3, openedAt: opened, on: calendar) == (try paris("2026-06-01", 9, 30)))
        // Opened on a Saturday night: the clock starts Monday 09:00.
        #expect(standard.deadline(for: .p1, openedAt: try paris("2026-11-28", 23), on: calendar) == (try paris("2026-11-30", 13)))
        // Business time inside a period; a calendar with no business days has no deadline.
        #expect(calendar.businessMilliseconds(in: Period(start: opened, end: try paris("2026-05-26", 10))) == 9_000_000)
        #expect(BusinessCalendar(workdays: []).deadline(from: opened, after: 1000) == nil)
    }

    @Test func anIncidentIsMetBreachedOrPending() {
        let deadline = WallTime(seconds: 1000)
        #expect(IncidentOutcome(deadline: deadline, acknowledged: WallTime(seconds: 1000), now: WallTime(seconds: 5000)) == .met)
        #expect(IncidentOutcome(deadline: deadline, acknowledged: WallTime(seconds: 1001), now: WallTime(seconds: 5000)) == .breached)
        #expect(IncidentOutcome(deadline: deadline, acknowledged: nil, now: WallTime(seconds: 999)) == .pending)
        #expect(IncidentOutcome(deadline: deadline, acknowledged: nil, now: WallTime(seconds: 1001)) == .breached)
    }

    @Test func maintenanceWindowsRecurWeeklyAcrossMidnightToo() throws {
        // The contract's window, Thursday 06:00-08:00 at UTC+01:00: four Thursdays in November 2026.
        let november = ZoneRule.paris.month(year: 2026, month: 11)
        let windows = WeeklyWindow.contract.occurrences(overlapping: november)
        #expect(windows.count == 4)
        #expect(windows.first?.start == WallTime(seconds: Int64(try #require(CivilDate("2026-11-05")).dayNumber * 86_400 + 5 * 3600)))
        #expect(windows.allSatisfy { $0.milliseconds == 2 * 3_600_000 })
        // Sunday 23:00 to Monday 01:00: a month that starts on a Monday at 00:00 takes its last hour.
        let lateSunday = WeeklyWindow(weekday: 7, start: 23 * 3600, end: 3600, zone: .fixed(offsetSeconds: 3600))
        let june = ZoneRule.fixed(offsetSeconds: 3600).month(year: 2026, month: 6)  // 1 June 2026 is a Monday
        let juneWindows = lateSunday.occurrences(overlapping: june)
        #expect(juneWindows.count == 5)
        #expect(Period.milliseconds(of: juneWindows.map { $0.clipped(to: june) }) == (1 + 4 * 2) * 3_600_000)
    }

    @Test func availabilityExcludesMaintenanceAndCountsDowntimeOnce() throws {
        let november = ZoneRule.paris.month(year: 2026, month: 11)
        let windows = WeeklyWindow.contract.occurrences(overlapping: november)
        let first = try #require(windows.first)
        // 30 min down inside the first window, 45 min down straddling its end (15 of them
        // after it), 1 h down twice over (overlapping records) on 20 November.
        let twentieth = try paris("2026-11-20", 10)
        let downtime = [
            Period(start: first.start.adding(seconds: 600), end: first.start.adding(seconds: 2400)),
            Period(start: first.end.adding(seconds: -1800), end: first.end.adding(seconds: 900)),
            Period(start: twentieth, end: twentieth.adding(seconds: 3600)),
            Period(start: twentieth.adding(seconds: 1800), end: twentieth.adding(seconds: 3600)),
        ]
        let availability = Availability(period: november, downtime: downtime, maintenance: windows)
        #expect(availability.excludedMilliseconds == 8 * 3_600_000)
        #expect(availability.downtimeMilliseconds == (15 + 60) * 60_000)
        let counted = Double(30 * 24 - 8) * 3_600_000
        #expect(abs((availability.ratio ?? 0) - (counted - 75 * 60_000) / counted) < 1e-12)
        // A period wholly in maintenance counts nothing.
        #expect(Availability(period: first, downtime: [first], maintenance: [first]).ratio == nil)
    }

    @Test func periodsMergeAndSubtract() {
        func p(_ a: Int64, _ b: Int64) -> Period { Period(start: WallTime(seconds: a), end: WallTime(seconds: b)) }
        #expect(Period.merged([p(5, 7), p(0, 2), p(2, 3), p(6, 9), p(4, 4)]) == [p(0, 3), p(5, 9)])
        #expect(Period.subtracting([p(1, 2), p(5, 6), p(8, 20)], from: [p(0, 10)]) == [p(0, 1), p(2, 5), p(6, 8)])
        #expect(Period.milliseconds(of: [p(0, 10), p(5, 15)]) == 15_000)
        #expect(p(5, 1).isEmpty)
    }
}

@Suite("Outages between runs")
struct OutageTests {
    func run(_ start: Int64, _ end: Int64, clean: Bool) -> ServiceRunSpan {
        ServiceRunSpan(started: WallTime(seconds: start), ended: WallTime(seconds: end), cleanStop: clean)
    }

    @Test func gapsBetweenRunsAreOutagesAndALateHeartbeatMeansDown() {
        let runs = [run(0, 100, clean: true), run(130, 200, clean: false), run(260, 290, clean: false)]
        // At 292 the last run's heartbeat (290) is fresh: it is running.
        let running = Outage.between(runs, now: WallTime(seconds: 292), staleAfter: 16_000)
        #expect(running.map(\.afterCleanStop) == [true, false])
        #expect(running.map(\.period.milliseconds) == [30_000, 60_000])
        // At 400 it is 110 s stale: down since 290.
        let down = Outage.between(runs, now: WallTime(seconds: 400), staleAfter: 16_000)
        #expect(down.last == Outage(period: Period(start: WallTime(seconds: 290), end: WallTime(seconds: 400)), afterCleanStop: false))
        // A clean stop is down at once.
        #expect(Outage.between([run(0, 100, clean: true)], now: WallTime(seconds: 101), staleAfter: 16_000).count == 1)
        #expect(WallTime(milliseconds: 1_795_930_801_123).description == "2026-11-29T05:40:01.123Z")
        #expect(WallTime(milliseconds: -1).description == "1969-12-31T23:59:59.999Z")
    }
}
