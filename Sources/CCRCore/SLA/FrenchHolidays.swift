/// France's public holidays, computed rather than listed per year: the eight on fixed dates
/// and the three that follow Easter (Easter Monday, Ascension, Whit Monday). Alsace-Moselle's
/// two extra days (Good Friday, 26 December) are not in the national list.
public enum FrenchHolidays {
    /// Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm).
    public static func easterSunday(_ year: Int) -> CivilDate {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilDate(year: year, month: month, day: day)
    }

    /// The year's eleven public holidays, in order.
    public static func dates(in year: Int) -> [CivilDate] {
        let easter = easterSunday(year)
        let fixed = [(1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25)].map {
            CivilDate(year: year, month: $0.0, day: $0.1)
        }
        return (fixed + [easter.adding(days: 1), easter.adding(days: 39), easter.adding(days: 50)]).sorted()
    }

    public static func contains(_ date: CivilDate) -> Bool { dates(in: date.year).contains(date) }
}
