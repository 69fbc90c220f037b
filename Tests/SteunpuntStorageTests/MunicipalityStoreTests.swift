import Foundation
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Municipality store")
struct MunicipalityStoreTests {
    @Test("the reference data loads 342 municipalities, each also an organisation", arguments: TestEngine.available)
    func referenceData(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MunicipalityStore(database: database)
            #expect(try await store.count() == 342)
            let organisations = try await OrganisationStore(database: database).list(OrganisationFilter(kind: .municipality), page: PageRequest(size: 1))
            #expect(organisations.total == 342)
            let again = try await ReferenceData.ensure(in: database, at: Date())
            #expect(again.municipalities == 0 && again.organisations == 0, "a second start adds nothing")
        }
    }

    @Test("search ignores case and diacritics and matches code prefixes", arguments: TestEngine.available)
    func search(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MunicipalityStore(database: database)
            func names(_ text: String) async throws -> [String] {
                try await store.list(MunicipalityFilter(text: text), page: PageRequest(size: 100)).items.map(\.name)
            }
            #expect(try await names("fryslan") == ["Noardeast-Fryslân", "Súdwest-Fryslân"])
            #expect(try await names("'S-GRAV") == ["'s-Gravenhage"])
            #expect(try await names("gm0363") == ["Amsterdam"])
            #expect(try await names("%").isEmpty, "a typed wildcard matches literally")
            #expect(try await names("_").isEmpty)
        }
    }

    @Test("province filter and pagination give the same totals on every engine", arguments: TestEngine.available)
    func filterAndPage(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MunicipalityStore(database: database)
            let first = try await store.list(MunicipalityFilter(province: .zeeland), page: PageRequest(number: 1, size: 10))
            let second = try await store.list(MunicipalityFilter(province: .zeeland), page: PageRequest(number: 2, size: 10))
            #expect(first.total == 13)
            #expect(first.items.count == 10 && second.items.count == 3)
            #expect(Set(first.items.map(\.code)).isDisjoint(with: second.items.map(\.code)))
            #expect(first.items.allSatisfy { $0.province == .zeeland })
            let sorted = (first.items + second.items).map { SearchKey.fold($0.name) }
            #expect(sorted == sorted.sorted())
        }
    }

    @Test("an import ends what is gone, adds what is new, and keeps every link", arguments: TestEngine.available)
    func importKeepsHistory(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MunicipalityStore(database: database)
            let organisations = OrganisationStore(database: database)
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            // A school in Zoetermeer (GM0637), which the next list merges away.
            let school = Organisation(id: OrganisationID("school-x")!, name: "School X", kind: .school, municipality: MunicipalityCode("GM0637"))
            try await organisations.create(school, at: now)
            var next = try ReferenceData.bundledMunicipalities().filter { $0.code.rawValue != "GM0637" }
            next.append(Municipality(code: MunicipalityCode("GM2000")!, name: "Nieuwstad", province: .zuidHolland, population: 150_000))
            let plan = MunicipalityImportPlan.make(existing: try await store.all(), incoming: next)
            try await store.apply(plan, at: now)

            #expect(try await store.count() == 342)
            #expect(try await store.count(includeEnded: true) == 343)
            let ended = try #require(try await store.get(MunicipalityCode("GM0637")!))
            #expect(ended.endedOn == now)
            #expect(try await organisations.get(OrganisationID("GM0637")!)?.isActive == false)
            #expect(try await organisations.get(school.id)?.municipality?.rawValue == "GM0637", "the school keeps its link")
            #expect(try await organisations.get(OrganisationID("GM2000")!)?.kind == .municipality)
            let listed = try await store.list(MunicipalityFilter(text: "zoetermeer"), page: PageRequest())
            #expect(listed.total == 0, "ended municipalities are left out by default")
            let withEnded = try await store.list(MunicipalityFilter(text: "zoetermeer", includeEnded: true), page: PageRequest())
            #expect(withEnded.total == 1)
        }
    }

    @Test("the priority flag is stored and filterable", arguments: TestEngine.available)
    func priority(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MunicipalityStore(database: database)
            try await store.setPriority(MunicipalityCode("GM0363")!, true, at: Date())
            let page = try await store.list(MunicipalityFilter(priorityOnly: true), page: PageRequest())
            #expect(page.items.map(\.code.rawValue) == ["GM0363"])
        }
    }
}
