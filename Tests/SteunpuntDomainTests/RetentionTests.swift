import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("Retention rules: ISO 8601 periods, due days, floors, the operator's changes")
struct RetentionTests {
    @Test("periods are read as ISO 8601 writes them, and nothing else")
    func periods() {
        #expect(RetentionPeriod("P5Y") == RetentionPeriod(years: 5))
        #expect(RetentionPeriod("p2y6m") == RetentionPeriod(years: 2, months: 6))
        #expect(RetentionPeriod("P2W3D") == RetentionPeriod(days: 17))
        #expect(RetentionPeriod("P0D") == RetentionPeriod())
        for wrong in ["", "P", "5Y", "P1.5Y", "PT12H", "P-1Y", "P6M1Y", "P1Y1Y", "P12345D", "P1X"] {
            #expect(RetentionPeriod(wrong) == nil, "\(wrong)")
        }
        #expect(RetentionPeriod(years: 2, months: 6).description == "P2Y6M")
        #expect(RetentionPeriod().description == "P0D")
        #expect(RetentionPeriod(days: 30).description == "P30D")
    }

    @Test("a period runs from a day in Dutch time; the cutoff is the end of the day a period back")
    func dueAndCutoff() throws {
        let fiveYears = RetentionPeriod(years: 5)
        #expect(fiveYears.due(from: CalendarDay("2021-03-15")!) == CalendarDay("2026-03-15")!)
        #expect(RetentionPeriod(months: 1).due(from: CalendarDay("2026-01-31")!) == CalendarDay("2026-02-28")!)
        let cutoff = fiveYears.cutoff(on: CalendarDay("2026-03-15")!)
        #expect(cutoff == CalendarDay("2021-03-15")!.end(), "closed any time on 15 March 2021 is due on 15 March 2026")
        // 23:30 Dutch time on 15 March is 22:30 UTC: still that day, so due.
        let lateEvening = try #require(ISO8601DateFormatter().date(from: "2021-03-15T22:30:00Z"))
        #expect(lateEvening < cutoff)
        let nextMorning = try #require(ISO8601DateFormatter().date(from: "2021-03-15T23:30:00Z"))
        #expect(nextMorning >= cutoff, "00:30 on 16 March is the next day in Amsterdam")
    }

    @Test("the defaults destroy closed requests and incidents after five years and keep quickscan responses")
    func defaults() {
        let standard = RetentionSchedule.standard
        #expect(standard[.supportRequest] == RetentionRule(type: .supportRequest, nomination: .destroy, period: RetentionPeriod(years: 5)))
        #expect(standard[.quickscanResponse].nomination == .keep)
        #expect(standard[.quickscanResponse].due(from: CalendarDay("2020-01-01")!) == nil)
        for type in RetentionRecordType.allCases { #expect(standard[type].period.isAtLeast(type.floor), "\(type)") }
        #expect(standard.ordered.map(\.type) == RetentionRecordType.allCases)
    }

    @Test("the operator's changes are applied, and every problem is named at once")
    func configured() throws {
        let schedule = try RetentionSchedule.configured(" steunvraag = P7Y , incident=bewaren").get()
        #expect(schedule[.supportRequest].period == RetentionPeriod(years: 7) && schedule[.supportRequest].nomination == .destroy)
        #expect(schedule[.incident].nomination == .keep)
        #expect(schedule[.registration] == RetentionRecordType.registration.defaultRule)
        #expect(try RetentionSchedule.configured("").get() == .standard)
        let people = try RetentionSchedule.configured("aanmelding=P6M,netwerkvermelding=bewaren,quickscan-antwoord=P10Y").get()
        #expect(people[.registration].period == RetentionPeriod(months: 6) && people[.networkEntry].nomination == .keep)
        #expect(people[.quickscanResponse] == RetentionRule(type: .quickscanResponse, nomination: .destroy, period: RetentionPeriod(years: 10)))
        guard case .failure(let problems) = RetentionSchedule.configured(
            "steunvraag=P6M,incident=5 jaar,zaak=P1Y,steunvraag=P2Y,sessie=P1D,quickscan-antwoord=P1Y,netwerkvermelding=P3M") else {
            Issue.record("accepted")
            return
        }
        #expect(problems.messages == [
            "steunvraag=P6M is shorter than the least allowed, P1Y",
            "incident=5 jaar is not an ISO 8601 period (P5Y, P18M, P30D) or bewaren",
            "'zaak=P1Y' must be kind=period or kind=bewaren, kind one of steunvraag, incident, aanmelding, quickscan-antwoord, netwerkvermelding, webhooklevering, sessie, audittrail",
            "steunvraag is set twice",
            "sessie: sessions are removed when they end (STEUNPUNT_SESSION_IDLE_MINUTES, STEUNPUNT_SESSION_ABSOLUTE_HOURS)",
            "quickscan-antwoord=P1Y is shorter than the least allowed, P2Y",
            "netwerkvermelding=P3M is shorter than the least allowed, P6M",
        ])
    }

    @Test("a floor compares periods by the day they reach")
    func floors() {
        #expect(RetentionPeriod(months: 12).isAtLeast(RetentionPeriod(years: 1)))
        #expect(!RetentionPeriod(days: 364).isAtLeast(RetentionPeriod(years: 1)))
        #expect(RetentionPeriod(days: 365).isAtLeast(RetentionPeriod(years: 1)))
    }
}
