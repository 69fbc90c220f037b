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

    /// The day-by-day walk through Foundation's `Calendar` that the closed form replaced:
    /// the reference the arithmetic must agree with.
    struct Reference {
        let dutch: DutchCalendar
        var calendar: Calendar { dutch.calendar }

        func isWorkingDay(_ date: Date) -> Bool {
            let weekday = calendar.component(.weekday, from: date)
            let parts = calendar.dateComponents([.year, .month, .day], from: date)
            let holiday = dutch.holidays(parts.year!).contains { $0.month == parts.month! && $0.day == parts.day! }
            return weekday != 1 && weekday != 7 && !holiday
        }

        func workingDays(from start: Date, to end: Date) -> Int {
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

        func addingWorkingDays(_ count: Int, to start: Date) -> Date {
            var day = calendar.startOfDay(for: start)
            var remaining = max(0, count)
            while remaining > 0 {
                day = calendar.date(byAdding: .day, value: 1, to: day)!
                if isWorkingDay(day) { remaining -= 1 }
            }
            return calendar.date(byAdding: .day, value: 1, to: day)!
        }
    }

    /// A fixed-seed generator, so a failure can be replayed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("day numbers and weekdays agree with Foundation for every day from 1990 to 2060, holidays with Good Friday or not")
    func dayNumbers() {
        let withGoodFriday = DutchCalendar(includeGoodFriday: true)
        let references = [Reference(dutch: calendar), Reference(dutch: withGoodFriday)]
        var date = day(1990, 1, 1)
        var mismatches: [String] = []
        let end = day(2061, 1, 1)
        while date < end {
            let parts = calendar.calendar.dateComponents([.year, .month, .day, .weekday], from: date)
            let number = calendar.dayNumber(of: date)
            let civil = DutchCalendar.civil(number)
            if civil != (parts.year!, parts.month!, parts.day!) || DutchCalendar.dayNumber(year: parts.year!, month: parts.month!, day: parts.day!) != number
                || DutchCalendar.weekday(number) != (parts.weekday! + 5) % 7 {
                mismatches.append("\(parts) day \(number)")
            }
            for (dutch, reference) in zip([calendar, withGoodFriday], references) where dutch.isWorkingDay(date) != reference.isWorkingDay(date) {
                mismatches.append("working day \(parts) (Good Friday: \(dutch.includeGoodFriday))")
            }
            date = calendar.calendar.date(byAdding: .day, value: 1, to: date)!
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }

    @Test("the closed form counts and adds working days as the day-by-day walk does, over random intervals", arguments: [false, true])
    func closedFormAgrees(includeGoodFriday: Bool) {
        let dutch = DutchCalendar(includeGoodFriday: includeGoodFriday)
        let reference = Reference(dutch: dutch)
        var random = SplitMix(state: includeGoodFriday ? 17 : 2026)
        let origin = day(2014, 12, 20).timeIntervalSince1970
        var mismatches: [String] = []
        for _ in 0..<1_000 {
            // Any second from late 2014 to 2040, and an interval of up to two years (a tenth
            // of them within a week): midnights, summer-time changes and year ends included.
            let start = Date(timeIntervalSince1970: origin + Double(random.next() % (26 * 366 * 86_400)))
            let span = random.next() % 10 == 0 ? random.next() % (7 * 86_400) : random.next() % (730 * 86_400)
            let end = start.addingTimeInterval(Double(span) - (random.next() % 20 == 0 ? Double(span) * 2 : 0))
            if dutch.workingDays(from: start, to: end) != reference.workingDays(from: start, to: end) {
                mismatches.append("workingDays \(start) → \(end)")
            }
            let count = Int(random.next() % 70)
            if dutch.addingWorkingDays(count, to: start) != reference.addingWorkingDays(count, to: start) {
                mismatches.append("adding \(count) to \(start)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
