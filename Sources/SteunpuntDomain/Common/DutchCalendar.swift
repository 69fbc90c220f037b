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
        let easterDate = calendar.date(from: DateComponents(year: year, month: easter.month, day: easter.day, hour: 12))!
        func fromEaster(_ offset: Int, _ name: String) -> (Int, Int, String) {
            let date = calendar.date(byAdding: .day, value: offset, to: easterDate)!
            let parts = calendar.dateComponents([.month, .day], from: date)
            return (parts.month!, parts.day!, name)
        }
        let kingsDayIsSunday = calendar.component(.weekday, from: calendar.date(from: DateComponents(year: year, month: 4, day: 27, hour: 12))!) == 1
        var days: [(Int, Int, String)] = [
            (1, 1, "Nieuwjaarsdag"),
            fromEaster(0, "Eerste Paasdag"),
            fromEaster(1, "Tweede Paasdag"),
            (4, kingsDayIsSunday ? 26 : 27, "Koningsdag"),
            (5, 5, "Bevrijdingsdag"),
            fromEaster(39, "Hemelvaartsdag"),
            fromEaster(49, "Eerste Pinksterdag"),
            fromEaster(50, "Tweede Pinksterdag"),
            (12, 25, "Eerste Kerstdag"),
            (12, 26, "Tweede Kerstdag"),
        ]
        if includeGoodFriday { days.append(fromEaster(-2, "Goede Vrijdag")) }
        return days.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { (month: $0.0, day: $0.1, name: $0.2) }
    }

    public func isHoliday(_ date: Date) -> Bool {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return holidays(parts.year!).contains { $0.month == parts.month! && $0.day == parts.day! }
    }

    public func isWorkingDay(_ date: Date) -> Bool {
        let weekday = calendar.component(.weekday, from: date)
        return weekday != 1 && weekday != 7 && !isHoliday(date)
    }

    /// The end of the `count`-th working day after the day of `start` (the day of `start`
    /// itself does not count: a request on Friday with one day's target is due at the end
    /// of Monday). Returned as the first instant of the next day, Dutch time.
    public func addingWorkingDays(_ count: Int, to start: Date) -> Date {
        var day = calendar.startOfDay(for: start)
        var remaining = max(0, count)
        while remaining > 0 {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            if isWorkingDay(day) { remaining -= 1 }
        }
        return calendar.date(byAdding: .day, value: 1, to: day)!
    }

    /// How many working days are touched by the interval (`from`, `to`]: whole days, Dutch
    /// time; the day of `from` counts only when the interval ends on a later day.
    public func workingDays(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var day = calendar.startOfDay(for: start)
        let last = calendar.startOfDay(for: end)
        var count = 0
        while day < last {
            day = calendar.date(byAdding: .day, value: 1, to: day)!
            if isWorkingDay(day) { count += 1 }
        }
        return count
    }
}
