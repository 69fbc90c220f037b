import Foundation
import SteunpuntDomain
import Testing
@testable import SteunpuntWeb

@Suite("Dutch numbers and dates, in one place")
struct DutchFormatsTests {
    /// 26 November 2026, 21:21:07 in Amsterdam (20:21:07 UTC).
    static let evening = Date(timeIntervalSince1970: 1_795_724_467)

    @Test("dates people read: day, abbreviated month with a full stop, year; time to the minute with a full stop; never broken over two lines")
    func dates() {
        #expect(DateText.shown(Self.evening, .dutch) == "26\u{00A0}nov.\u{00A0}2026")
        #expect(DateText.shownWithTime(Self.evening, .dutch) == "26\u{00A0}nov.\u{00A0}2026,\u{00A0}21.21")
        #expect(DateText.shownWithTime(Self.evening, .english) == "26\u{00A0}Nov\u{00A0}2026,\u{00A0}21:21")
        #expect(!DateText.shownWithTime(Self.evening, .dutch).contains(" "), "no breakable space inside a date")
        // May has no abbreviation; summer time is Dutch time too (2 July 2026, 00:30 in Amsterdam is 1 July 22:30 UTC).
        #expect(DateText.shownWithTime(Date(timeIntervalSince1970: 1_782_945_000), .dutch) == "2\u{00A0}jul.\u{00A0}2026,\u{00A0}00.30")
        #expect(DateText.shown(Date(timeIntervalSince1970: 1_779_000_000), .dutch).contains("mei"))
        #expect(DateText.day(Self.evening) == "2026-11-26", "machines keep ISO 8601")
        // A meeting's time span: the end's time only on the same day, its date as well on another.
        let end = Self.evening.addingTimeInterval(3600 + 9 * 60)
        #expect(DateText.span(Self.evening, end, language: "nl") == "26\u{00A0}nov.\u{00A0}2026,\u{00A0}21.21\u{2013}22.30")
        #expect(DateText.span(Self.evening, end.addingTimeInterval(86_400), language: "en")
                == "26\u{00A0}Nov\u{00A0}2026,\u{00A0}21:21\u{2013}27\u{00A0}Nov\u{00A0}2026,\u{00A0}22:30")
    }

    @Test("numbers: decimal comma and grouped thousands in Dutch, point and commas in English")
    func numbers() {
        #expect(NumberText.decimal(2.5, .dutch) == "2,5")
        #expect(NumberText.decimal(2.5, .english) == "2.5")
        #expect(NumberText.decimal(1234.56, .dutch) == "1.234,6")
        #expect(NumberText.decimal(1234.56, .english) == "1,234.6")
        #expect(NumberText.decimal(-0.04, .dutch) == "0,0", "no minus on a rounded zero")
        #expect(NumberText.decimal(-3.25, digits: 2, .dutch) == "-3,25")
        #expect(NumberText.format(1_234_567, .dutch) == "1.234.567")
    }
}
