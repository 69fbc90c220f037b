import Foundation
import SteunpuntDomain
import Testing

@Suite("Quarters of the 10-point plan")
struct PlanQuarterTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("written as 2026-K3, read back; other text refused")
    func text() {
        #expect(PlanQuarter("2026-K3") == PlanQuarter(year: 2026, quarter: 3) && PlanQuarter(year: 2026, quarter: 3)?.description == "2026-K3")
        for wrong in ["2026-K5", "2026-K0", "2026-3", "2026K3", "", "2026-K3-1", "abcd-K1"] { #expect(PlanQuarter(wrong) == nil, "\(wrong)") }
    }

    @Test("quarters follow Dutch time: the end of 2026-K3 is 1 October, 00:00 in Amsterdam (summer time), of K4 1 January (winter time)")
    func dutchTime() {
        let third = PlanQuarter(year: 2026, quarter: 3)!
        #expect(third.end() == Self.at("2026-09-30T22:00:00Z"))
        #expect(PlanQuarter(year: 2026, quarter: 4)!.end() == Self.at("2026-12-31T23:00:00Z"))
        #expect(PlanQuarter(containing: Self.at("2026-09-30T21:59:59Z")) == third)
        #expect(PlanQuarter(containing: Self.at("2026-09-30T22:00:00Z")) == PlanQuarter(year: 2026, quarter: 4))
        let last = DutchCalendar.civil(DutchCalendar().dayNumber(of: third.lastDay()))
        #expect(last.year == 2026 && last.month == 9 && last.day == 30)
        #expect(PlanQuarter(year: 2026, quarter: 1)!.previous == PlanQuarter(year: 2025, quarter: 4))
    }

    @Test("the quarters that ended since a moment, oldest first; none when it was in the current quarter")
    func ended() {
        let first = Self.at("2026-05-28T10:00:00Z"), now = Self.at("2026-12-04T12:00:00Z")
        #expect(PlanQuarter.ended(since: first, by: now).map(\.description) == ["2026-K2", "2026-K3"])
        #expect(PlanQuarter.ended(since: Self.at("2026-10-02T00:00:00Z"), by: now).isEmpty)
        #expect(PlanQuarter.ended(since: Self.at("2021-12-31T12:00:00Z"), by: now).count == 20, "five years of quarters")
    }
}
