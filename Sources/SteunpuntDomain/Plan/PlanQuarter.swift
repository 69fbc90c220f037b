import Foundation

/// A quarter of a year as the progress report counts them (Dutch time): `2026-K3` is July
/// to September 2026. The plan's picture is kept as it stood at the end of each quarter
/// (`PlanSnapshotStore`), so the overview shows the change since the previous one.
public struct PlanQuarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1 to 4.
    public let quarter: Int

    public init?(year: Int, quarter: Int) {
        guard (1...4).contains(quarter), (2000...9999).contains(year) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    /// `2026-K3`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[1].count == 2, parts[1].first == "K", let year = Int(parts[0]), let quarter = Int(parts[1].dropFirst()) else { return nil }
        self.init(year: year, quarter: quarter)
    }

    /// The quarter `date` falls in, in Dutch time.
    public init(containing date: Date, calendar: DutchCalendar = DutchCalendar()) {
        let day = DutchCalendar.civil(calendar.dayNumber(of: date))
        year = day.year
        quarter = (day.month - 1) / 3 + 1
    }

    public var description: String { "\(year)-K\(quarter)" }

    /// The quarter before this one.
    public var previous: PlanQuarter { quarter == 1 ? PlanQuarter(year: year - 1, quarter: 4)! : PlanQuarter(year: year, quarter: quarter - 1)! }

    /// The moment it ends: the start of the first day of the next quarter, in Dutch time.
    public func end(calendar: DutchCalendar = DutchCalendar()) -> Date {
        let next = quarter == 4 ? (year + 1, 1) : (year, quarter * 3 + 1)
        return calendar.startOfDay(DutchCalendar.dayNumber(year: next.0, month: next.1, day: 1))
    }

    /// Its last day, as a reader names the moment a picture was kept ("30 september 2026").
    public func lastDay(calendar: DutchCalendar = DutchCalendar()) -> Date {
        calendar.startOfDay(calendar.dayNumber(of: end(calendar: calendar)) - 1)
    }

    /// Every quarter that ended after `start` and by `now`, oldest first.
    public static func ended(since start: Date, by now: Date, calendar: DutchCalendar = DutchCalendar()) -> [PlanQuarter] {
        var result: [PlanQuarter] = []
        var quarter = PlanQuarter(containing: now, calendar: calendar).previous
        while quarter.end(calendar: calendar) > start {
            result.append(quarter)
            quarter = quarter.previous
        }
        return result.reversed()
    }

    public static func < (lhs: PlanQuarter, rhs: PlanQuarter) -> Bool { (lhs.year, lhs.quarter) < (rhs.year, rhs.quarter) }
}
