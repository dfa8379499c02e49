/// How far a zone's clocks are ahead of UTC: a fixed offset (the contract's "GMT+1"), or a
/// standard offset with the European Union's summer time (Europe/Paris: +1 h, +2 h from the last
/// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC). CCRCore reads no zone
/// database; the EU rule has been the law in every member state since 1996.
public enum ZoneRule: Sendable, Hashable {
    case fixed(offsetSeconds: Int)
    case europeanSummerTime(standardOffsetSeconds: Int)

    /// Europe/Paris (and every zone on Central European Time).
    public static let paris = ZoneRule.europeanSummerTime(standardOffsetSeconds: 3600)
    public static let utc = ZoneRule.fixed(offsetSeconds: 0)

    /// The zones the configuration names: `UTC`, an offset (`+01:00`, `-05:30`, `GMT+1`,
    /// `UTC+01:00`), or an EU zone (`Europe/Paris` and the other zones of Western, Central and
    /// Eastern European Time).
    public init?(name: String) {
        if let standard = Self.europeanZones[name] {
            self = .europeanSummerTime(standardOffsetSeconds: standard)
            return
        }
        var text = Substring(name)
        for prefix in ["UTC", "GMT"] where text.hasPrefix(prefix) { text = text.dropFirst(prefix.count) }
        if text.isEmpty {
            self = .utc
            return
        }
        guard let sign = text.first, sign == "+" || sign == "-" else { return nil }
        let parts = text.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isASCII) }),
            let hours = Int(parts[0]), hours >= 0, hours <= 14,
            let minutes = parts.count == 2 ? Int(parts[1]) : 0, minutes >= 0, minutes < 60
        else { return nil }
        let offset = hours * 3600 + minutes * 60
        self = .fixed(offsetSeconds: sign == "-" ? -offset : offset)
    }

    /// EU zone names and their standard offsets.
    static let europeanZones: [String: Int] = {
        var zones: [String: Int] = [:]
        for name in ["Europe/London", "Europe/Dublin", "Europe/Lisbon", "Atlantic/Canary", "Atlantic/Madeira"] { zones[name] = 0 }
        for name in [
            "Europe/Paris", "Europe/Brussels", "Europe/Luxembourg", "Europe/Monaco", "Europe/Berlin", "Europe/Amsterdam",
            "Europe/Madrid", "Europe/Rome", "Europe/Vienna", "Europe/Zurich", "Europe/Prague", "Europe/Warsaw",
            "Europe/Stockholm", "Europe/Copenhagen", "Europe/Oslo", "Europe/Budapest", "Europe/Ljubljana", "Europe/Zagreb",
            "Europe/Bratislava", "Europe/Malta", "Europe/Andorra", "Africa/Ceuta", "CET",
        ] { zones[name] = 3600 }
        for name in ["Europe/Athens", "Europe/Helsinki", "Europe/Bucharest", "Europe/Sofia", "Europe/Riga", "Europe/Tallinn", "Europe/Vilnius", "Asia/Nicosia", "EET"] {
            zones[name] = 7200
        }
        return zones
    }()

    /// Seconds the zone's clocks are ahead of UTC at `moment`.
    public func offsetSeconds(at moment: WallTime) -> Int {
        switch self {
        case .fixed(let offset):
            return offset
        case .europeanSummerTime(let standard):
            let seconds = Self.floorDivide(Int(moment.milliseconds), 1000)
            let year = CivilDate(dayNumber: Self.floorDivide(seconds, 86_400)).year
            let begins = CivilDate(year: year, month: 3, day: 1).lastWeekday(7).dayNumber * 86_400 + 3600
            let ends = CivilDate(year: year, month: 10, day: 1).lastWeekday(7).dayNumber * 86_400 + 3600
            return seconds >= begins && seconds < ends ? standard + 3600 : standard
        }
    }

    /// The zone's date and time of day at `moment`.
    public func local(_ moment: WallTime) -> LocalTime {
        let seconds = Self.floorDivide(Int(moment.milliseconds), 1000) + offsetSeconds(at: moment)
        let day = Self.floorDivide(seconds, 86_400)
        return LocalTime(date: CivilDate(dayNumber: day), secondsOfDay: seconds - day * 86_400)
    }

    /// The moment the zone's clocks show `time`. A time skipped when clocks go forward is read
    /// on the summer offset (an hour early); a time shown twice is its first showing.
    public func moment(_ time: LocalTime) -> WallTime {
        let local = time.date.dayNumber * 86_400 + time.secondsOfDay
        let before = local - offsetSeconds(at: WallTime(seconds: Int64(local - 86_400)))
        let after = local - offsetSeconds(at: WallTime(seconds: Int64(before)))
        return WallTime(seconds: Int64(min(before, after)))
    }

    /// A calendar month on the zone's clocks, from the first's midnight to the next first's.
    public func month(year: Int, month: Int) -> Period {
        let first = CivilDate(year: year, month: month, day: 1)
        return Period(start: moment(LocalTime(date: first, secondsOfDay: 0)), end: moment(LocalTime(date: first.nextMonth, secondsOfDay: 0)))
    }

    static func floorDivide(_ value: Int, _ divisor: Int) -> Int {
        let quotient = value / divisor
        return value % divisor < 0 ? quotient - 1 : quotient
    }
}
