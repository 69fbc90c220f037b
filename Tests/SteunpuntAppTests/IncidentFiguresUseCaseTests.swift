import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the national figures of incidents")
struct IncidentFiguresUseCaseTests {
    @Test("the store counts a year per municipality by month, kind, nature and ground (several grounds counted under each, another year and kind left out); analysts and the unit read the figures with small groups hidden, nobody else",
          arguments: TestEngine.available)
    func figures(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: IncidentStepUseCaseTests.today)
            let clock = TestClock(IncidentStepUseCaseTests.today)
            let service = IncidentUseCaseTests.service(database, clock: clock)
            let store = IncidentStore(database: database)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            let desk = try await MeetingUseCaseTests.user(database, "vng-loket", .deskAgent)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            // Six municipalities in four provinces: Zoetermeer, Delft, Den Haag (Zuid-Holland), Utrecht, Amsterdam (Noord-Holland), Maastricht (Limburg).
            let codes = ["GM0637", "GM0503", "GM0518", "GM0344", "GM0363", "GM0935"]
            func register(_ code: String, _ day: String, _ kind: IncidentKind, grounds: [DiscriminationGround] = [.religion]) async throws {
                let draft = IncidentDraft(kind: kind.rawValue, occurredOn: day, location: LocationKind.publicSpace.rawValue,
                                          grounds: kind.isDiscrimination ? grounds.map(\.rawValue) : [], nature: kind.isDiscrimination ? "bedreiging" : "",
                                          setting: kind.isDiscrimination ? "openbare-ruimte" : "", severity: "midden", description: "Voorval")
                _ = try await store.create(try draft.validated(today: clock.now), municipality: MunicipalityCode(code)!, id: UUID(), by: official.id, at: clock.now)
            }
            for code in codes { try await register(code, "2026-03-10", .elsewhere, grounds: [.religion, .origin]) }
            for code in codes.prefix(2) { try await register(code, "2026-03-20", .neighbourhoodTension) }
            try await register("GM0637", "2026-07-01", .placeOfWorship)
            try await register("GM0503", "2025-12-31", .elsewhere)

            let tally = try await store.tally(year: 2026)
            #expect(tally.months == ["2026-03": ["GM0637": 2, "GM0503": 2, "GM0518": 1, "GM0344": 1, "GM0363": 1, "GM0935": 1], "2026-07": ["GM0637": 1]])
            #expect(tally.kinds["incident-elders"]?.count == 6 && tally.kinds["spanning-in-wijk"] == ["GM0637": 1, "GM0503": 1])
            #expect(tally.natures["bedreiging"]?.values.reduce(0, +) == 7 && tally.natures["geen"]?.values.reduce(0, +) == 2)
            #expect(tally.grounds["godsdienst"]?.values.reduce(0, +) == 7 && tally.grounds["herkomst"]?.values.reduce(0, +) == 6)
            let narrowed = try await store.tally(year: 2026, kind: .elsewhere)
            #expect(narrowed.months == ["2026-03": Dictionary(uniqueKeysWithValues: codes.map { ($0, 1) })] && narrowed.kinds.keys.sorted() == ["incident-elders"])
            #expect(try await store.years() == 2025...2026)

            let view = try await service.figures(year: 2026, kind: nil, actor: actor(analyst))
            let figures = view.figures
            #expect(figures.total == 9 && figures.municipalities == 6 && view.years == [2026, 2025])
            let months = Dictionary(uniqueKeysWithValues: try #require(figures.breakdown(.month)).cells.map { ($0.key, $0.incidents) })
            // March rests on six; July on one: hidden, and March with it (it would be the total minus July).
            #expect(months["2026-03"] == .some(nil) && months["2026-07"] == .some(nil) && months["2026-01"] == 0)
            let provinces = Dictionary(uniqueKeysWithValues: try #require(figures.breakdown(.province)).cells.map { ($0.key, $0.incidents) })
            #expect(provinces["Zuid-Holland"] == .some(nil) && provinces["Limburg"] == .some(nil) && provinces["Friesland"] == nil && provinces["Fryslân"] == 0)
            let grounds = Dictionary(uniqueKeysWithValues: try #require(figures.breakdown(.ground)).cells.map { ($0.key, $0.incidents) })
            #expect(grounds["godsdienst"] == 7 && grounds["herkomst"] == 6)
            #expect(try await service.figures(year: nil, kind: nil, actor: actor(advisor)).figures.year == 2026)
            await #expect(throws: DomainError.forbidden) { _ = try await service.figures(year: 2026, kind: nil, actor: actor(official)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.figures(year: 2026, kind: nil, actor: actor(desk)) }
            await #expect(throws: DomainError.unauthenticated) { _ = try await service.figures(year: 2026, kind: nil, actor: Actor(user: nil, origin: "192.0.2.3")) }
        }
    }
}
