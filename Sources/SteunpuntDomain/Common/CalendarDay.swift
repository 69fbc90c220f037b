import Foundation

/// A calendar day as the API, the forms and the stored records write it: `yyyy-MM-dd`,
/// exactly (RFC 3339 `full-date`), a day that exists (no 31 April), in the years 1900 to
/// 2999 (a date outside them is a typo in this domain). The one way every date in the
/// system is read, so the OpenAPI document can state the same rule for every date field
/// (`format: date` with the pattern `Self.pattern`).
public struct CalendarDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The rule in the OpenAPI document (with `format: date`).
    public static let pattern = "^(19|2[0-9])[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              (1900...2999).contains(year), (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `calendar` (Dutch time by default).
    public init(of date: Date, in calendar: Calendar = DutchCalendar().calendar) {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        year = parts.year ?? 0
        month = parts.month ?? 1
        day = parts.day ?? 1
    }

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// Midnight at the start of the day in `calendar` (Dutch time by default).
    public func start(in calendar: Calendar = DutchCalendar().calendar) -> Date {
        calendar.date(from: DateComponents(year: year, month: month, day: day)) ?? .distantPast
    }

    /// Midnight at its end: the start of the next day, summer time and all.
    public func end(in calendar: Calendar = DutchCalendar().calendar) -> Date {
        calendar.date(byAdding: .day, value: 1, to: start(in: calendar)) ?? .distantFuture
    }

    public static func < (lhs: CalendarDay, rhs: CalendarDay) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
