import Foundation

/// How long a record is kept, as an ISO 8601 duration of whole years, months, weeks and
/// days (`P5Y`, `P18M`, `P2Y6M`, `P30D`, `P0D`), as the Archiefwet selection lists and
/// Open Zaak write a retention period. Times of day are not part of it: records are
/// destroyed by the day, in Dutch time.
public struct RetentionPeriod: Hashable, Sendable, CustomStringConvertible {
    public let years: Int
    public let months: Int
    public let days: Int

    public init(years: Int = 0, months: Int = 0, days: Int = 0) {
        self.years = years
        self.months = months
        self.days = days
    }

    /// Reads `P…` with the parts in order, each at most once (a week is seven days);
    /// nil for anything else (`P`, `5Y`, `P1.5Y`, `PT12H`, `P-1Y`).
    public init?(_ text: String) {
        var rest = Substring(text.uppercased())
        guard rest.first == "P", rest.count > 1 else { return nil }
        rest = rest.dropFirst()
        var parts: [Character: Int] = [:]
        let order: [Character] = ["Y", "M", "W", "D"]
        var last = -1
        while !rest.isEmpty {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, digits.count <= 4, let value = Int(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unit = rest.first, let position = order.firstIndex(of: unit), position > last else { return nil }
            last = position
            parts[unit] = value
            rest = rest.dropFirst()
        }
        self.init(years: parts["Y"] ?? 0, months: parts["M"] ?? 0, days: (parts["W"] ?? 0) * 7 + (parts["D"] ?? 0))
    }

    /// `P5Y`, `P2Y6M`, `P30D`; `P0D` for nothing.
    public var description: String {
        var text = "P"
        if years > 0 { text += "\(years)Y" }
        if months > 0 { text += "\(months)M" }
        if days > 0 || text == "P" { text += "\(days)D" }
        return text
    }

    /// The day a record whose period runs from `day` is due for destruction.
    public func due(from day: CalendarDay, in calendar: Calendar = DutchCalendar().calendar) -> CalendarDay {
        let start = day.start(in: calendar)
        let end = calendar.date(byAdding: DateComponents(year: years, month: months, day: days), to: start) ?? start
        return CalendarDay(of: end, in: calendar)
    }

    /// The moment before which a period must have begun for the record to be due on
    /// `today`: the end of the day `today` minus the period. A record is due when the
    /// moment its period runs from is earlier.
    public func cutoff(on today: CalendarDay, in calendar: Calendar = DutchCalendar().calendar) -> Date {
        let start = today.start(in: calendar)
        let back = calendar.date(byAdding: DateComponents(year: -years, month: -months, day: -days), to: start) ?? start
        return CalendarDay(of: back, in: calendar).end(in: calendar)
    }

    /// Whether it is at least as long as `other`, measured from the same day.
    public func isAtLeast(_ other: RetentionPeriod) -> Bool {
        let from = CalendarDay("2001-01-01")!
        return !(due(from: from) < other.due(from: from))
    }
}
