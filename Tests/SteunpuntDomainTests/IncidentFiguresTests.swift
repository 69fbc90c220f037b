import Foundation
import SteunpuntDomain
import Testing

@Suite("Incidents in figures: small groups hidden")
struct IncidentFiguresTests {
    static func municipalities(_ count: Int, from start: Int = 1) -> [String] { (start..<(start + count)).map { String(format: "GM%04d", $0) } }

    @Test("parts whose units overlap: a hidden part never stands alone, and the hidden parts together rest on five units counted once")
    func overlappingPartition() {
        let rule = Disclosure.aggregates
        let a = Set(Self.municipalities(3)), b = Set(Self.municipalities(3)), wide = Set(Self.municipalities(8)), other = Set(Self.municipalities(6, from: 20))
        // Two hidden parts over the same three municipalities: their sum rests on three, so the smallest shown one (six) is hidden with them.
        #expect(rule.partition(sets: [a, b, wide, other, []]) == [false, false, true, false, true])
        // Hidden parts over five different municipalities together: enough.
        #expect(rule.partition(sets: [a, Set(Self.municipalities(2, from: 10)), wide, other]) == [false, false, true, true])
        // One part hidden alone would be the total minus the rest: the smallest shown joins it.
        #expect(rule.partition(sets: [a, wide, other]) == [false, true, false])
        // Nothing can make it safe: everything hidden.
        #expect(rule.partition(sets: [a, Set(Self.municipalities(4, from: 30))]) == [false, false])
        #expect(Disclosure.open.partition(sets: [a, []]) == [true, true])
    }

    @Test("the figures against a hand-counted fixture: months, kinds and natures as partitions, grounds each on their own, provinces and population classes from the municipalities, zeros shown")
    func figures() throws {
        // Ten municipalities: 1–6 in Utrecht (small), 7–10 in Limburg (large).
        var places: [String: (province: Province, populationClass: PopulationClass)] = [:]
        for code in Self.municipalities(6) { places[code] = (.utrecht, .under20k) }
        for code in Self.municipalities(4, from: 7) { places[code] = (.limburg, .over100k) }
        func spread(_ codes: [String], _ each: Int = 1) -> [String: Int] { Dictionary(uniqueKeysWithValues: codes.map { ($0, each) }) }
        let all = Self.municipalities(10)
        let tally = IncidentTally(
            year: 2026, kind: nil,
            // January: all ten, two each (20); February: three (3); March: municipalities 4–9, one each (6).
            months: ["2026-01": spread(all, 2), "2026-02": spread(Self.municipalities(3)), "2026-03": spread(Self.municipalities(6, from: 4))],
            kinds: ["incident-elders": spread(all, 2), "spanning-in-wijk": spread(Self.municipalities(9))],
            natures: ["bedreiging": spread(all, 2), "geen": spread(Self.municipalities(9))],
            grounds: ["godsdienst": spread(all, 2), "herkomst": spread(Self.municipalities(4)), "antisemitisme": spread(Self.municipalities(5, from: 6))])
        let figures = IncidentFigures(tally, municipalities: places, disclosure: .aggregates)
        #expect(figures.total == 29 && figures.municipalities == 10)
        func cells(_ dimension: IncidentDimension) throws -> [String: Int?] {
            Dictionary(uniqueKeysWithValues: try #require(figures.breakdown(dimension)).cells.map { ($0.key, $0.incidents) })
        }
        let months = try cells(.month)
        #expect(months.count == 12 && months["2026-01"] == 20 && months["2026-04"] == 0)
        // February rests on three: hidden; alone it would be 29 − 20 − 6, so March (six) is hidden with it: together on nine.
        #expect(months["2026-02"] == .some(nil) && months["2026-03"] == .some(nil))
        let kinds = try cells(.kind)
        #expect(kinds["incident-elders"] == 20 && kinds["spanning-in-wijk"] == 9 && kinds["anders"] == 0 && kinds.count == IncidentKind.allCases.count)
        let natures = try cells(.nature)
        #expect(natures["bedreiging"] == 20 && natures["geen"] == 9 && natures.count == IncidentNature.allCases.count + 1)
        // Grounds overlap (an incident may have several): each stands on its own.
        let grounds = try cells(.ground)
        #expect(grounds["godsdienst"] == 20 && grounds["herkomst"] == .some(nil) && grounds["antisemitisme"] == 5 && grounds["leeftijd"] == 0)
        // Utrecht: 1–6: 2 each in January, 1–3 in February, 4–6 in March = 12 + 3 + 3 = 18 on six; Limburg: 7–10: 8 + 3 = 11 on four: hidden, and so Utrecht too.
        let provinces = try cells(.province)
        #expect(provinces["Utrecht"] == .some(nil) && provinces["Limburg"] == .some(nil) && provinces["Groningen"] == 0)
        let classes = try cells(.populationClass)
        #expect(classes["tot-20k"] == .some(nil) && classes["vanaf-100k"] == .some(nil) && classes["20k-50k"] == 0)

        // Fewer than five municipalities in all: nothing but zeros.
        let few = IncidentFigures(IncidentTally(year: 2026, kind: .elsewhere, months: ["2026-05": spread(Self.municipalities(4), 3)],
                                                kinds: ["incident-elders": spread(Self.municipalities(4), 3)]),
                                  municipalities: places, disclosure: .aggregates)
        #expect(few.total == nil && few.municipalities == nil && few.kind == .elsewhere)
        #expect(try #require(few.breakdown(.month)).cells.allSatisfy { $0.key == "2026-05" ? $0.incidents == nil : $0.incidents == 0 })
        #expect(try #require(few.breakdown(.kind)).cells.map(\.key) == ["incident-elders"], "narrowed to one kind, only that kind is listed")
        // The unit's own view of the rows would be open; the figures are never shown open to anyone here.
        #expect(IncidentFigures(tally, municipalities: places, disclosure: .open).breakdown(.month)?.hiddenCount == 0)
    }
}
