import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("Calendar days: one reading of yyyy-MM-dd for every date field, and the pattern the API states")
struct CalendarDayTests {
    @Test("a real day in the exact form is read; every near miss is refused")
    func reading() throws {
        let day = try #require(CalendarDay("2024-02-29"))
        #expect(day.year == 2024 && day.month == 2 && day.day == 29 && day.description == "2024-02-29")
        for text in ["2023-02-29", "2026-04-31", "2026-1-5", "2026-01-5", " 2026-01-05", "2026-01-05 ", "2026/01/05", "20260105",
                     "1899-12-31", "3000-01-01", "2026-13-01", "2026-00-10", "2026-01-00", "٢٠٢٦-٠١-٠٥", "+026-01-05", ""] {
            #expect(CalendarDay(text) == nil, "\(text)")
        }
        #expect(CalendarDay("1900-02-28") != nil && CalendarDay("1900-02-29") == nil && CalendarDay("2000-02-29") != nil)
    }

    @Test("the pattern in the OpenAPI document accepts what the reader accepts (the day of the month aside)")
    func pattern() throws {
        let expression = try NSRegularExpression(pattern: CalendarDay.pattern)
        func matches(_ text: String) -> Bool { expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil }
        for text in ["1900-01-01", "2026-12-03", "2999-12-31", "2024-02-29"] { #expect(matches(text) && CalendarDay(text) != nil, "\(text)") }
        for text in ["1899-12-31", "3000-01-01", "2026-1-5", "2026-13-01", "2026-01-32", "2026-01-00"] { #expect(!matches(text) && CalendarDay(text) == nil, "\(text)") }
    }

    @Test("a day starts and ends at midnight in Dutch time, summer time included")
    func bounds() throws {
        let day = try #require(CalendarDay("2026-03-29"))   // clocks go forward at 02:00
        #expect(day.end().timeIntervalSince(day.start()) == 23 * 3600)
        #expect(day.start() == ISO8601DateFormatter().date(from: "2026-03-28T23:00:00Z"))
        #expect(CalendarDay(of: ISO8601DateFormatter().date(from: "2026-03-28T23:30:00Z")!) == day)
    }
}
