import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("Working days with Dutch public holidays")
struct DutchCalendarTests {
    let calendar = DutchCalendar()

    /// Noon, Dutch time, on a date.
    func day(_ year: Int, _ month: Int, _ day: Int, hour: Int = 12) -> Date {
        calendar.calendar.date(from: DateComponents(year: year, month: month, day: day, hour: hour))!
    }

    @Test("Easter Sunday, computed", arguments: [
        (2019, 4, 21), (2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2038, 4, 25), (2285, 3, 22),
    ])
    func easter(year: Int, month: Int, day: Int) {
        #expect(DutchCalendar.easterSunday(year) == (month, day))
    }

    @Test("the holidays of 2026 and 2025, King's Day moving off a Sunday")
    func holidays() {
        let names2026 = calendar.holidays(2026).map { "\($0.day)-\($0.month) \($0.name)" }
        #expect(names2026 == ["1-1 Nieuwjaarsdag", "5-4 Eerste Paasdag", "6-4 Tweede Paasdag", "27-4 Koningsdag", "5-5 Bevrijdingsdag",
                              "14-5 Hemelvaartsdag", "24-5 Eerste Pinksterdag", "25-5 Tweede Pinksterdag", "25-12 Eerste Kerstdag", "26-12 Tweede Kerstdag"])
        #expect(calendar.isHoliday(day(2025, 4, 26)) && !calendar.isHoliday(day(2025, 4, 27)), "27 April 2025 is a Sunday")
        #expect(!calendar.isHoliday(day(2026, 4, 3)), "Good Friday is not a general holiday")
        #expect(DutchCalendar(includeGoodFriday: true).isHoliday(day(2026, 4, 3)))
        #expect(!calendar.isWorkingDay(day(2026, 11, 28)) && !calendar.isWorkingDay(day(2026, 11, 29)), "weekend")
        #expect(calendar.isWorkingDay(day(2026, 11, 30)))
    }

    @Test("adding working days skips weekends and holidays, Easter and Ascension included")
    func adding() {
        // Thursday 2 April 2026 + 2 working days: Friday 3, (weekend, Easter Monday 6), Tuesday 7 → due at the end of the 7th.
        #expect(calendar.addingWorkingDays(2, to: day(2026, 4, 2)) == day(2026, 4, 8, hour: 0))
        // Wednesday 13 May 2026 + 1: Ascension Thursday 14 is skipped → Friday 15.
        #expect(calendar.addingWorkingDays(1, to: day(2026, 5, 13)) == day(2026, 5, 16, hour: 0))
        // Christmas week: Thursday 24 December 2026 + 1 → Monday 28 (25, 26 holidays, 27 Sunday).
        #expect(calendar.addingWorkingDays(1, to: day(2026, 12, 24)) == day(2026, 12, 29, hour: 0))
        // Late on a Friday evening (Dutch time) is still that Friday.
        #expect(calendar.addingWorkingDays(1, to: day(2026, 11, 27, hour: 23)) == day(2026, 12, 1, hour: 0))
        #expect(calendar.addingWorkingDays(0, to: day(2026, 11, 30)) == day(2026, 12, 1, hour: 0))
    }

    @Test("counting working days in an interval")
    func counting() {
        #expect(calendar.workingDays(from: day(2026, 4, 2), to: day(2026, 4, 8)) == 3, "Fri 3, Tue 7, Wed 8")
        #expect(calendar.workingDays(from: day(2026, 11, 30, hour: 9), to: day(2026, 11, 30, hour: 17)) == 0, "the same day")
        #expect(calendar.workingDays(from: day(2026, 12, 4), to: day(2026, 12, 1)) == 0)
    }
}
