import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: who hears of a change to a request")
struct NotificationUseCaseTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    @Test("every step tells whom it concerns, in its transaction; never the one who took it; each reads only their own",
          arguments: TestEngine.available)
    func steps(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let gert = try await RequestUseCaseTests.user(database, "gert@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            let lars = try await RequestUseCaseTests.user(database, "lars@vng.example", "vng-loket", .deskAgent)
            let carla = try await RequestUseCaseTests.user(database, "carla@ess.example", "szw-ess", .unitCoordinator)
            let ahmed = try await RequestUseCaseTests.user(database, "ahmed@ess.example", "szw-ess", .unitAdvisor)
            let analyst = try await RequestUseCaseTests.user(database, "anna@nctv.example", "nctv", .nationalAnalyst)
            let store = NotificationStore(database: database)
            let notifications = Notifications(store: store, dependencies: Dependencies(now: { Self.now }, secret: { $0 }, uuid: { UUID() }))
            // What each has been told (the clock stands still here, so as a set, not in order).
            func kinds(_ user: User) async throws -> Set<String> {
                Set(try await store.list(user: user.id, page: PageRequest(size: 50)).items.map(\.kind))
            }
            func act(_ action: RequestAction, _ request: SupportRequest, _ user: User) async throws {
                _ = try await service.act(action, on: request.id, by: user, actor: Actor(user: user, origin: nil))
            }
            let request = try await service.file(RequestDraft(title: "Netwerk sleutelfiguren", description: "Uitleg", requester: "", municipality: "",
                                                              needs: ["informatievraag"], channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil))
            let (lotte1, lars1) = (try await kinds(lotte), try await kinds(lars))
            #expect(lotte1 == ["ingediend"] && lars1 == ["ingediend"], "the desk's staff")
            #expect(try await kinds(gina).isEmpty, "not the one who filed it")
            try await act(.startTriage, request, lotte)
            try await act(.refer(to: .expertiseUnit, reason: "Advies"), request, lotte)
            let (carla1, ahmed1) = (try await kinds(carla), try await kinds(ahmed))
            #expect(carla1 == ["doorverwezen"] && ahmed1.isEmpty, "the unit's coordinator, not every advisor")
            try await act(.accept, request, carla)
            let (lotte2, lars2) = (try await kinds(lotte), try await kinds(lars))
            #expect(lotte2 == ["ingediend", "geaccepteerd"] && lars2 == ["ingediend", "geaccepteerd"])
            try await act(.assign(advisor: ahmed.id), request, carla)
            #expect(try await kinds(ahmed) == ["toegewezen"])
            try await act(.waitForRequester(reason: "Welke wijk?"), request, ahmed)
            let (gina1, gert1) = (try await kinds(gina), try await kinds(gert))
            #expect(gina1 == ["vraag-aan-u"] && gert1 == ["vraag-aan-u"], "everyone of the requesting municipality")
            _ = try await service.message("De wijk Meerzicht", isInternal: false, on: request.id, by: gina, actor: Actor(user: gina, origin: nil))
            #expect(try await kinds(ahmed) == ["toegewezen", "beantwoord"], "the assigned advisor hears the answer")
            _ = try await service.message("Intern: bellen", isInternal: true, on: request.id, by: ahmed, actor: Actor(user: ahmed, origin: nil))
            #expect(try await kinds(gina) == ["vraag-aan-u"], "an internal note tells no requester")
            try await act(.close(outcome: .advised, reason: nil), request, ahmed)
            #expect(try await kinds(gert) == ["vraag-aan-u", "afgesloten"])
            #expect(try await kinds(analyst).isEmpty, "nobody outside the request")

            // The notice names the request, never its contents.
            let stored = try #require(try await store.list(user: gina.id, page: PageRequest(size: 50)).items.first)
            #expect(stored.number == request.number && stored.title == "Netwerk sleutelfiguren" && stored.readAt == nil)
            #expect(try await store.unread(user: gina.id) == 2)
            await #expect(throws: DomainError.notFound) { try await notifications.open(stored.id, by: gert) }
            #expect(try await notifications.open(stored.id, by: gina).objectID == request.id.uuidString)
            #expect(try await store.unread(user: gina.id) == 1)
            try await notifications.readAll(by: gina)
            let (ginaUnread, gertUnread) = (try await store.unread(user: gina.id), try await store.unread(user: gert.id))
            #expect(ginaUnread == 0 && gertUnread == 2, "each marks only their own")
        }
    }

    @Test("a step that is refused tells nobody")
    func refused() async throws {
        try await TestDatabase.with(.sqlite) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            let carla = try await RequestUseCaseTests.user(database, "carla@ess.example", "szw-ess", .unitCoordinator)
            let request = try await service.file(RequestDraft(title: "Vraag", description: "Uitleg", requester: "", municipality: "",
                                                              needs: ["informatievraag"], channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil))
            // A stale version: refused, and nothing is told.
            await #expect(throws: DomainError.self) {
                _ = try await service.act(.refer(to: .expertiseUnit, reason: "Advies"), on: request.id, expectedVersion: request.version + 5,
                                          by: lotte, actor: Actor(user: lotte, origin: nil))
            }
            #expect(try await NotificationStore(database: database).unread(user: carla.id) == 0)
        }
    }
}
