import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the quickscan's questionnaires")
struct InstrumentUseCaseTests {
    @Test("the unit imports and changes a questionnaire, only its coordinator publishes, others are told it does not exist; each step audited",
          arguments: TestEngine.available)
    func keepAndPublish(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = InstrumentService(instruments: InstrumentStore(database: database), dependencies: .live)
            let advisor = try await RequestUseCaseTests.user(database, "a@ess.example", "szw-ess", .unitAdvisor)
            let coordinator = try await RequestUseCaseTests.user(database, "c@ess.example", "szw-ess", .unitCoordinator)
            let official = try await RequestUseCaseTests.user(database, "g@zoetermeer.example", "GM0637", .municipalOfficial)
            await #expect(throws: DomainError.notFound) {
                _ = try await service.create(.starting, by: official, actor: Actor(user: official, origin: "cli"))
            }
            let created = try await service.create(.starting, by: advisor, actor: Actor(user: advisor, origin: "cli"))
            var changed = Instrument.starting
            changed.title = "Quickscan, tweede versie"
            let saved = try await service.save(created.instrumentID, changed, basedOn: 1, by: advisor, actor: Actor(user: advisor, origin: "cli"))
            #expect(saved.version == 1 && saved.definition.title == "Quickscan, tweede versie", "a draft is saved in place")
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.publish(created.instrumentID, version: 1, by: advisor, actor: Actor(user: advisor, origin: "cli"))
            }
            let published = try await service.publish(created.instrumentID, version: 1, by: coordinator, actor: Actor(user: coordinator, origin: "cli"))
            #expect(published.status == .published)
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "instrument"), page: PageRequest())
            #expect(trail.items.map(\.event.action).sorted { $0.rawValue < $1.rawValue } == [.instrumentChanged, .instrumentCreated, .instrumentPublished])
        }
    }
}
