import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: organisations")
struct OrganisationUseCaseTests {
    @Test("an administrator adds and changes an organisation, each audited with the actor's origin; nobody else may", arguments: TestEngine.available)
    func addAndChange(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = OrganisationService(organisations: OrganisationStore(database: database), privacy: .standard, dependencies: .live)
            let admin = try await RequestUseCaseTests.user(database, "b@nctv.example", "nctv", .administrator)
            let official = try await RequestUseCaseTests.user(database, "g@zoetermeer.example", "GM0637", .municipalOfficial)
            let draft = OrganisationDraft(id: "politie-haaglanden", name: "Politie Haaglanden", kind: "politie")
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.create(draft, by: official, actor: Actor(user: official, origin: "192.0.2.8"))
            }
            let created = try await service.create(draft, by: admin, actor: Actor(user: admin, origin: "cli"))
            var renamed = draft
            renamed.name = "Politie eenheid Den Haag"
            renamed.id = "iets-anders"
            let changed = try await service.update(created, with: renamed, isActive: false, by: admin, actor: Actor(user: admin, origin: "cli"))
            #expect(changed.id == created.id && changed.name == "Politie eenheid Den Haag" && !changed.isActive, "the identifier stays")
            let stored = try await OrganisationStore(database: database).get(created.id)
            #expect(stored?.name == "Politie eenheid Den Haag" && stored?.isActive == false)
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "organisation", objectID: "politie-haaglanden"), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.organisationCreated, .organisationUpdated])
            #expect(trail.items.allSatisfy { $0.event.actor == admin.id && $0.event.origin == "cli" })
        }
    }
}
