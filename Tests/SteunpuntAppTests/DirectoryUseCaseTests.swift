import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the directory's need-to-know")
struct DirectoryUseCaseTests {
    static func directory(_ database: Database) -> Directory {
        Directory(municipalities: MunicipalityStore(database: database), organisations: OrganisationStore(database: database),
                  users: UserStore(database: database))
    }

    @Test("members: an organisation's own people and administrators see them with addresses; anyone else is refused", arguments: TestEngine.available)
    func members(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let directory = Self.directory(database)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let admin = try await RequestUseCaseTests.user(database, "b@nctv.example", "nctv", .administrator)
            let advisor = try await RequestUseCaseTests.user(database, "a@ess.example", "szw-ess", .unitAdvisor)
            let zoetermeer = OrganisationID("GM0637")!
            #expect(try await directory.members(of: zoetermeer, viewer: gina).map(\.email) == ["gina@zoetermeer.example"])
            #expect(try await directory.members(of: zoetermeer, viewer: admin).map(\.email) == ["gina@zoetermeer.example"])
            await #expect(throws: DomainError.forbidden) { _ = try await directory.members(of: zoetermeer, viewer: advisor) }
            await #expect(throws: DomainError.forbidden) { _ = try await directory.members(of: zoetermeer, viewer: nil) }
            #expect(!directory.mayListMembers(of: zoetermeer, viewer: advisor))
        }
    }

    @Test("municipalities: filtering on priority is refused to whoever may not see it; the public sees no organisations in a municipality",
          arguments: TestEngine.available)
    func municipalities(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let directory = Self.directory(database)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let analyst = try await RequestUseCaseTests.user(database, "n@nctv.example", "nctv", .nationalAnalyst)
            do {
                _ = try await directory.municipalities(MunicipalityFilter(priorityOnly: true), page: PageRequest(), viewer: gina)
                Issue.record("a municipal official filtered on priority status")
            } catch DomainError.invalid(let errors) {
                #expect(errors == [FieldError(field: "prioriteit", code: "filter_not_allowed")])
            }
            _ = try await directory.municipalities(MunicipalityFilter(priorityOnly: true), page: PageRequest(), viewer: analyst)
            let code = MunicipalityCode("GM0637")!
            #expect(try await directory.organisations(in: code, viewer: nil).isEmpty)
            let seen = try await directory.organisations(in: code, viewer: gina)
            #expect(seen.map(\.organisation.id.rawValue) == ["GM0637"] && seen.first?.activeMembers == 1)
        }
    }
}
