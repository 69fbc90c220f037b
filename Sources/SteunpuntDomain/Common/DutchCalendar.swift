import Foundation

/// Working days in the Netherlands: Monday to Friday, except the public holidays of the
/// Algemene Termijnenwet (art. 3): New Year's Day, Easter Monday, King's Day (27 April,
/// 26 April when the 27th is a Sunday), Liberation Day (5 May), Ascension Day, Whit
/// Monday, Christmas Day and Boxing Day. Good Friday is not a general holiday; it can be
/// added (`includeGoodFriday`) where an organisation closes on it. Days are counted in
/// Dutch time (Europe/Amsterdam).
public struct DutchCalendar: Sendable {
    public let includeGoodFriday: Bool
    public let calendar: Calendar

    public init(includeGoodFriday: Bool = false) {
        self.includeGoodFriday = includeGoodFriday
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Amsterdam")!
        self.calendar = calendar
    }

    /// Easter Sunday of `year` (Gregorian; the anonymous algorithm of Meeus, Jones and Butcher).
    public static func easterSunday(_ year: Int) -> (month: Int, day: Int) {
        let a = year % 19, b = year / 100, c = year % 100
        let d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return (month, day)
    }

    /// The public holidays of `year`, as (month, day, name), in date order.
    public func holidays(_ year: Int) -> [(month: Int, day: Int, name: String)] {
        let easter = Self.easterSunday(year)
        let easterDay = Self.dayNumber(year: year, month: easter.month, day: easter.day)
        func fromEaster(_ offset: Int, _ name: String) -> (Int, String) { (easterDay + offset, name) }
        let kingsDay = Self.dayNumber(year: year, month: 4, day: 27)
        var days: [(Int, String)] = [
            (Self.dayNumber(year: year, month: 1, day: 1), "Nieuwjaarsdag"),
            fromEaster(0, "Eerste Paasdag"),
            fromEaster(1, "Tweede Paasdag"),
            (Self.weekday(kingsDay) == 6 ? kingsDay - 1 : kingsDay, "Koningsdag"),
            (Self.dayNumber(year: year, month: 5, day: 5), "Bevrijdingsdag"),
            fromEaster(39, "Hemelvaartsdag"),
            fromEaster(49, "Eerste Pinksterdag"),
            fromEaster(50, "Tweede Pinksterdag"),
            (Self.dayNumber(year: year, month: 12, day: 25), "Eerste Kerstdag"),
            (Self.dayNumber(year: year, month: 12, day: 26), "Tweede Kerstdag"),
        ]
        if includeGoodFriday { days.append(fromEaster(-2, "Goede Vrijdag")) }
        return days.sorted { $0.0 < $1.0 }.map { number, name in
            let civil = Self.civil(number)
            return (month: civil.month, day: civil.day, name: name)
        }
    }

    /// The day numbers of the holidays of `year` that fall on a weekday (Monday to
    /// Friday), each once (Ascension Day can be 5 May), ascending: what a count of working
    /// days subtracts. Plain arithmetic, no `Calendar`.
    func weekdayHolidays(_ year: Int) -> [Int] {
        let easterDate = Self.easterSunday(year)
        let easter = Self.dayNumber(year: year, month: easterDate.month, day: easterDate.day)
        let kingsDay = Self.dayNumber(year: year, month: 4, day: 27)
        var days = [Self.dayNumber(year: year, month: 1, day: 1), easter + 1,
                    Self.weekday(kingsDay) == 6 ? kingsDay - 1 : kingsDay,
                    Self.dayNumber(year: year, month: 5, day: 5), easter + 39, easter + 50,
                    Self.dayNumber(year: year, month: 12, day: 25), Self.dayNumber(year: year, month: 12, day: 26)]
        if includeGoodFriday { days.append(easter - 2) }
        return Set(days.filter { Self.weekday($0) < 5 }).sorted()
    }

    public func isHoliday(_ date: Date) -> Bool {
        let number = dayNumber(of: date)
        let civil = Self.civil(number)
        return holidays(civil.year).contains { $0.month == civil.month && $0.day == civil.day }
    }

    public func isWorkingDay(_ date: Date) -> Bool {
        let number = dayNumber(of: date)
        return Self.weekday(number) < 5 && !weekdayHolidays(Self.civil(number).year).contains(number)
    }

    /// The end of the `count`-th working day after the day of `start` (the day of `start`
    /// itself does not count: a request on Friday with one day's target is due at the end
    /// of Monday). Returned as the first instant of the next day, Dutch time.
    public func addingWorkingDays(_ count: Int, to start: Date) -> Date {
        var day = dayNumber(of: start)
        var remaining = max(0, count)
        var year = Int.min, holidays: [Int] = []
        while remaining > 0 {
            day += 1
            let civilYear = Self.civil(day).year
            if civilYear != year { year = civilYear; holidays = weekdayHolidays(year) }
            if Self.weekday(day) < 5 && !holidays.contains(day) { remaining -= 1 }
        }
        return startOfDay(day + 1)
    }

    /// How many working days are touched by the interval (`from`, `to`]: whole days, Dutch
    /// time; the day of `from` counts only when the interval ends on a later day. Closed
    /// form (weekdays by whole weeks, minus the weekday holidays of the years in between):
    /// lists compute this for every row, so it must not walk the days through `Calendar`.
    public func workingDays(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        let first = dayNumber(of: start), last = dayNumber(of: end)
        guard last > first else { return 0 }
        var count = Self.weekdaysThrough(last) - Self.weekdaysThrough(first)
        for year in Self.civil(first + 1).year...Self.civil(last).year {
            count -= weekdayHolidays(year).count { $0 > first && $0 <= last }
        }
        return count
    }

    // MARK: Day numbers: days since 1970-01-01 in the proleptic Gregorian calendar

    /// The Dutch calendar day of `date` as a day number (Europe/Amsterdam, summer time and all).
    public func dayNumber(of date: Date) -> Int {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + calendar.timeZone.secondsFromGMT(for: date)
        return Self.floorDivide(seconds, 86_400)
    }

    /// The first instant of day `number`, Dutch time.
    public func startOfDay(_ number: Int) -> Date {
        let civil = Self.civil(number)
        return calendar.date(from: DateComponents(year: civil.year, month: civil.month, day: civil.day))!
    }

    /// The day number of a civil date (Howard Hinnant's `days_from_civil`).
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of day `number` (Howard Hinnant's `civil_from_days`).
    public static func civil(_ number: Int) -> (year: Int, month: Int, day: Int) {
        let z = number + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// 0 for Monday … 5 for Saturday, 6 for Sunday (1 January 1970 was a Thursday).
    public static func weekday(_ number: Int) -> Int {
        floorModulo(number + 3, 7)
    }

    /// How many Mondays to Fridays there are from a fixed Monday up to and including day
    /// `number` (negative before it): differences of this count the weekdays in a range.
    static func weekdaysThrough(_ number: Int) -> Int {
        let sinceMonday = number - 4 + 1 // 5 January 1970 was a Monday
        return 5 * floorDivide(sinceMonday, 7) + min(floorModulo(sinceMonday, 7), 5)
    }

    static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }
    static func floorModulo(_ a: Int, _ b: Int) -> Int { a - floorDivide(a, b) * b }
}
