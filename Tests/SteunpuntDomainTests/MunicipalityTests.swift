import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("Municipalities")
struct MunicipalityTests {
    @Test("a CBS code is GM and four digits, in any letter case")
    func municipalityCodes() {
        #expect(MunicipalityCode("GM0363")?.rawValue == "GM0363")
        #expect(MunicipalityCode("gm0363")?.rawValue == "GM0363")
        for bad in ["GM363", "GM03630", "0363", "XX0363", "GM03a3", "", "GM٠٣٦٣"] {
            #expect(MunicipalityCode(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test("provinces match regardless of case and diacritics")
    func provinces() {
        #expect(Province(name: "fryslan") == .fryslan)
        #expect(Province(name: "FRYSLÂN") == .fryslan)
        #expect(Province(name: " noord-holland ") == .noordHolland)
        #expect(Province(name: "Holland") == nil)
        #expect(Province.allCases.count == 12)
    }

    @Test("search keys fold case and diacritics but keep apostrophes")
    func searchKeys() {
        #expect(SearchKey.fold("Súdwest-Fryslân") == "sudwest-fryslan")
        #expect(SearchKey.fold("'s-Gravenhage") == "'s-gravenhage")
        #expect(SearchKey.fold("Coördinator") == "coordinator")
    }

    @Test("population classes follow the CBS bands", arguments: [
        (19_999, PopulationClass.under20k), (20_000, .from20kTo50k), (49_999, .from20kTo50k),
        (50_000, .from50kTo100k), (100_000, .over100k), (0, .under20k),
    ])
    func populationClasses(population: Int, expected: PopulationClass) {
        #expect(PopulationClass(population: population) == expected)
    }

    @Test("a valid list parses, quoted names included")
    func parsesList() throws {
        let list = try MunicipalityList.parse("code,name,province,population\nGM0373,\"Bergen (NH.)\",Noord-Holland,29000\r\nGM1900,Súdwest-Fryslân,Fryslân,90521\n")
        #expect(list.map(\.code.rawValue) == ["GM0373", "GM1900"])
        #expect(list[0].name == "Bergen (NH.)")
        #expect(list[1].province == .fryslan)
    }

    @Test("every problem in a list is reported with its line, and nothing is returned")
    func reportsEveryProblem() {
        let text = "code,name,province,population\nGM0001,A,Utrecht,10\nXX1,B,Utrecht,10\nGM0002,,Atlantis,-5\nGM0001,C,Utrecht,10\nGM0003,D,Utrecht\n"
        do {
            _ = try MunicipalityList.parse(text)
            Issue.record("a broken list was accepted")
        } catch {
            let lines = error.lines.map(\.line)
            #expect(lines.contains(3))
            #expect(lines.filter { $0 == 4 }.count == 3, "empty name, unknown province and negative population on line 4")
            #expect(lines.contains(5), "duplicate code")
            #expect(lines.contains(6), "missing field")
        }
    }

    @Test("a list without the header is refused")
    func refusesMissingHeader() {
        #expect(throws: MunicipalityList.Errors.self) { try MunicipalityList.parse("GM0001,A,Utrecht,10\n") }
    }

    @Test("the shipped 2026 list parses to 342 municipalities in 12 provinces")
    func shippedList() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/SteunpuntStorage/Resources/municipalities-2026.csv")
        let list = try MunicipalityList.parse(try String(contentsOf: url, encoding: .utf8))
        #expect(list.count == 342)
        #expect(Set(list.map(\.province)).count == 12)
        #expect(list.reduce(0) { $0 + $1.population } == 18_130_208)
    }

    @Test("an import adds new codes, ends missing ones and keeps the priority flag")
    func importPlan() {
        let a = Municipality(code: MunicipalityCode("GM0001")!, name: "A", province: .utrecht, population: 10, isPriority: true)
        let b = Municipality(code: MunicipalityCode("GM0002")!, name: "B", province: .utrecht, population: 10)
        var ended = Municipality(code: MunicipalityCode("GM0004")!, name: "D", province: .utrecht, population: 1)
        ended.endedOn = Date(timeIntervalSince1970: 0)
        let renamedA = Municipality(code: a.code, name: "A-stad", province: .utrecht, population: 12)
        let c = Municipality(code: MunicipalityCode("GM0003")!, name: "C", province: .zeeland, population: 5)
        let plan = MunicipalityImportPlan.make(existing: [a, b, ended], incoming: [renamedA, c, ended])
        #expect(plan.added.map(\.code.rawValue) == ["GM0003"])
        #expect(plan.ended.map(\.rawValue) == ["GM0002"])
        #expect(plan.updated.first { $0.code == a.code }?.isPriority == true)
        #expect(plan.reinstated.map(\.rawValue) == ["GM0004"])
    }

    @Test("importing the same list twice changes nothing")
    func importIsIdempotent() {
        let a = Municipality(code: MunicipalityCode("GM0001")!, name: "A", province: .utrecht, population: 10)
        #expect(MunicipalityImportPlan.make(existing: [a], incoming: [a]).isEmpty)
    }
}
