import Foundation
import SteunpuntDomain
import Testing

@Suite("Indicators: a figure from its records")
struct IndicatorTests {
    static let period = TargetPeriod.quarter(PlanQuarter("2026-K3")!)
    static func record(_ unit: String, _ key: String, _ value: Double? = nil) -> IndicatorRecord { IndicatorRecord(id: UUID().uuidString, unit: unit, key: key, value: value) }

    @Test("counted by hand: records, distinct municipalities, the median (odd and even); the unit sees every part and every record")
    func figures() {
        // Seven requests of six municipalities: three in Zuid-Holland (two of them Zoetermeer's), four elsewhere.
        let records = [Self.record("GM0637", "Zuid-Holland", 2), Self.record("GM0637", "Zuid-Holland", 4), Self.record("GM0599", "Zuid-Holland", 1),
                       Self.record("GM0363", "Noord-Holland", 10), Self.record("GM0344", "Utrecht", 3), Self.record("GM0202", "Gelderland", 6),
                       Self.record("GM0014", "Groningen", 5)]
        let units = IndicatorValue(IndicatorDefinition.of(.municipalitiesAdvised), period: Self.period, records: records, readAt: Date(), isFrozen: true, disclosure: .open)
        #expect(units.value == 6 && units.restsOn == 7 && units.listsRecords)
        #expect(units.cells.map(\.key) == ["Gelderland", "Groningen", "Noord-Holland", "Utrecht", "Zuid-Holland"])
        #expect(units.cells.first { $0.key == "Zuid-Holland" }?.value == 2, "two municipalities in Zuid-Holland")
        #expect(IndicatorValue.figure(.records, records) == 7)
        #expect(IndicatorValue.figure(.median, records) == 4, "2 4 1 10 3 6 5 sorted: 1 2 3 4 5 6 10")
        #expect(IndicatorValue.figure(.median, Array(records.prefix(4))) == 3, "1 2 4 10: (2 + 4) / 2")
        #expect(IndicatorValue.figure(.median, []) == nil)
        let invited = [Self.record("GM0637", "Zuid-Holland", 1), Self.record("GM0599", "Zuid-Holland", 0), Self.record("GM0363", "Noord-Holland", 1)]
        #expect(IndicatorValue.figure(.share, invited) == 66.7, "two of three answered, to one decimal")
        #expect(IndicatorValue.figure(.share, []) == nil, "no invitations: no percentage, not 0")
        let quickscans = IndicatorValue(IndicatorDefinition.of(.quickscanResponse), period: Self.period, records: invited, readAt: Date(), isFrozen: true, disclosure: .open)
        #expect(quickscans.isOpen && !quickscans.listsRecords, "only requests are listed one by one behind a figure")
        let none = IndicatorValue(IndicatorDefinition.of(.meetingsHeld), period: Self.period, records: [], readAt: Date(), isFrozen: true, disclosure: .aggregates)
        #expect(none.value == 0 && none.restsOn == 0, "zero rests on nobody: shown to a reader of aggregates too")
    }

    @Test("an analyst: the figure shown when it rests on five municipalities, each part of the breakdown hidden that rests on fewer, the hidden together on five; never the records")
    func aggregates() {
        let five = ["GM0014", "GM0034", "GM0037", "GM0047", "GM0050"]
        let many = five.map { Self.record($0, "vng-loket") } + ["GM0059", "GM0060"].map { Self.record($0, "nctv") }
            + ["GM0072", "GM0074", "GM0080"].map { Self.record($0, "helpdesk") }
        let value = IndicatorValue(IndicatorDefinition.of(.requestsByChannel), period: Self.period, records: many, readAt: Date(), isFrozen: false, disclosure: .aggregates)
        #expect(value.value == 10 && value.restsOn == 10 && !value.listsRecords)
        #expect(value.cells.first { $0.key == "vng-loket" }?.value == 5)
        #expect(value.cells.first { $0.key == "nctv" }?.value == nil && value.cells.first { $0.key == "helpdesk" }?.value == nil,
                "two and three municipalities: hidden, and together five")
        let few = IndicatorValue(IndicatorDefinition.of(.requestsByChannel), period: Self.period, records: Array(many.prefix(4)), readAt: Date(), isFrozen: false,
                                 disclosure: .aggregates)
        #expect(few.value == nil && few.restsOn == nil && few.cells.allSatisfy { $0.value == nil }, "four municipalities: nothing shown")
    }

    @Test("a tally counted by the database gives the figures the records give one by one: counts, units, a median over repeated values, a share; kept as JSON and read back the same")
    func tallies() throws {
        // Nine requests: values 1, 1, 1, 2, 2, 3, 5, 5, 8 days over three channels and four municipalities.
        let records = [Self.record("GM0637", "vng-loket", 1), Self.record("GM0637", "vng-loket", 1), Self.record("GM0599", "vng-loket", 5),
                       Self.record("GM0363", "nctv", 1), Self.record("GM0363", "nctv", 2), Self.record("GM0344", "nctv", 8),
                       Self.record("GM0637", "helpdesk", 2), Self.record("GM0599", "helpdesk", 3), Self.record("GM0599", "helpdesk", 5)]
        var counted = IndicatorTally()
        // As the grouped queries give it: records per part and unit, records per part and value.
        for (key, unit, n) in [("vng-loket", "GM0637", 2), ("vng-loket", "GM0599", 1), ("nctv", "GM0363", 2), ("nctv", "GM0344", 1),
                               ("helpdesk", "GM0637", 1), ("helpdesk", "GM0599", 2)] { counted.add(key: key, unit: unit, records: n) }
        for (key, value, n) in [("vng-loket", 1.0, 2), ("vng-loket", 5, 1), ("nctv", 1, 1), ("nctv", 2, 1), ("nctv", 8, 1),
                                ("helpdesk", 2, 1), ("helpdesk", 3, 1), ("helpdesk", 5, 1)] { counted.add(key: key, value: value, records: n) }
        #expect(counted == IndicatorTally(records))
        #expect(IndicatorTally.figure(.median, counted.whole) == 2, "1 1 1 2 2 3 5 5 8: the fifth")
        #expect(IndicatorTally.figure(.median, counted.parts["vng-loket"]!) == 1 && IndicatorTally.figure(.median, counted.parts["nctv"]!) == 2)
        var even = counted
        even.add(key: "nctv", unit: "GM0344", records: 1)
        even.add(key: "nctv", value: 9, records: 1)
        #expect(IndicatorTally.figure(.median, even.whole) == 2.5, "ten values: (2 + 3) / 2")
        #expect(IndicatorTally.figure(.records, counted.whole) == 9 && IndicatorTally.figure(.units, counted.whole) == 4)
        let shares = IndicatorTally([Self.record("GM0637", "Zuid-Holland", 1), Self.record("GM0599", "Zuid-Holland", 0), Self.record("GM0363", "Noord-Holland", 1)])
        #expect(IndicatorTally.figure(.share, shares.whole) == 66.7 && IndicatorTally.figure(.share, shares.parts["Noord-Holland"]!) == 100)
        // A year from its quarters: records and values add up, a municipality in both counts once.
        var year = counted
        year.merge(IndicatorTally([Self.record("GM0637", "vng-loket", 4), Self.record("GM0014", "nctv", 2)]))
        #expect(IndicatorTally.figure(.records, year.whole) == 11 && IndicatorTally.figure(.units, year.whole) == 5)
        #expect(year.parts["vng-loket"]?.units["GM0637"] == 3 && IndicatorTally.figure(.median, year.whole) == 2, "1 1 1 2 2 2 3 4 5 5 8")
        let read = try JSONDecoder().decode(IndicatorTally.self, from: try JSONEncoder().encode(counted))
        #expect(read == counted)
        let value = IndicatorValue(IndicatorDefinition.of(.daysToFirstResponse), period: Self.period, tally: counted, readAt: Date(), isFrozen: false, disclosure: .open)
        #expect(value.value == 2 && value.restsOn == 9 && value.cells.map(\.records) == [3, 3, 3])
    }

    @Test("a target: a quarter or a year, a number with a comma or a point, every problem at once; a percentage at most 100, a count whole; reached as the definition says")
    func targets() throws {
        let today = Date(timeIntervalSince1970: 1_796_000_000)  // November 2026
        let share = IndicatorDefinition.of(.quickscanResponse), count = IndicatorDefinition.of(.meetingsHeld), median = IndicatorDefinition.of(.daysToFirstResponse)
        #expect(try IndicatorTargetDraft(period: "2027-K1", value: "87,5").validated(for: share, today: today).value == 87.5)
        #expect(try IndicatorTargetDraft(period: " 2027 ", value: "12").validated(for: count, today: today).period == .year(2027))
        #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "invalid_target_period"), FieldError(field: "waarde", code: "invalid_target_share")])) {
            try IndicatorTargetDraft(period: "2027-Q1", value: "120").validated(for: share, today: today)
        }
        #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "required"), FieldError(field: "waarde", code: "invalid_target_count")])) {
            try IndicatorTargetDraft(period: "", value: "2,5").validated(for: count, today: today)
        }
        #expect(throws: DomainError.invalid([FieldError(field: "periode", code: "invalid_target_period"), FieldError(field: "waarde", code: "invalid_target_value")])) {
            try IndicatorTargetDraft(period: "2040", value: "-1").validated(for: median, today: today)
        }
        #expect(throws: DomainError.invalid([FieldError(field: "waarde", code: "required")])) { try IndicatorTargetDraft(period: "2027", value: " ").validated(for: median, today: today) }
        #expect(try IndicatorTargetDraft(period: "2027", value: "2,5").validated(for: median, today: today).value == 2.5, "days need not be whole")
        #expect([TargetPeriod("2027")!, TargetPeriod("2027-K2")!, TargetPeriod("2026-K4")!].sorted().map(\.description) == ["2026-K4", "2027-K2", "2027"])
        let aim = IndicatorTarget(code: .meetingsHeld, period: .year(2027), value: 10, setBy: nil, setAt: today)
        #expect(aim.isMet(by: 10, higherIsBetter: true) == true && aim.isMet(by: 9, higherIsBetter: true) == false)
        #expect(aim.isMet(by: 9, higherIsBetter: false) == true && aim.isMet(by: 11, higherIsBetter: false) == false)
        #expect(aim.isMet(by: 10, higherIsBetter: nil) == nil && aim.isMet(by: nil, higherIsBetter: true) == nil)
    }
}
