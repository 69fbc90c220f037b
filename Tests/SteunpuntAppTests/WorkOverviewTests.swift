import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: each role's work first")
struct WorkOverviewTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func overview(_ database: Database) -> WorkOverview {
        let dependencies = Dependencies(now: { now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() })
        let quickscan = QuickscanService(instruments: InstrumentStore(database: database), rounds: RoundStore(database: database),
                                         responses: ResponseStore(database: database), municipalities: MunicipalityStore(database: database),
                                         needs: NeedStore(database: database), audit: AuditStore(database: database), offerings: OfferingStore(database: database),
                                         requests: RequestStore(database: database), followUps: FollowUpStore(database: database), users: UserStore(database: database),
                                         outbox: nil, mailText: { key, _ in key }, privacy: .standard, publicURL: nil, dependencies: dependencies)
        return WorkOverview(requests: RequestUseCaseTests.service(database, now: now), quickscan: quickscan, organisations: OrganisationStore(database: database),
                            municipalities: MunicipalityStore(database: database), users: UserStore(database: database), audit: AuditStore(database: database),
                            twoStep: TwoStepPolicy(), dependencies: dependencies)
    }

    static func counts(_ overview: WorkOverview.Overview) -> [WorkQueue: Int] {
        Dictionary(overview.queues.map { ($0.queue, $0.count) }, uniquingKeysWith: { a, _ in a })
    }

    @Test("a desk sees new, declined and undecided requests apart; the unit its referrals to accept and those without an advisor; an advisor theirs; a municipality what waits for its answer and the replies",
          arguments: TestEngine.available)
    func queues(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            let carla = try await RequestUseCaseTests.user(database, "carla@ess.example", "szw-ess", .unitCoordinator)
            let ahmed = try await RequestUseCaseTests.user(database, "ahmed@ess.example", "szw-ess", .unitAdvisor)
            func file(_ title: String) async throws -> SupportRequest {
                try await service.file(RequestDraft(title: title, description: "Uitleg", requester: "", municipality: "", needs: ["informatievraag"],
                                                    channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil))
            }
            func act(_ action: RequestAction, _ request: SupportRequest, _ user: User) async throws {
                _ = try await service.act(action, on: request.id, by: user, actor: Actor(user: user, origin: nil))
            }
            _ = try await file("Nieuw")
            let looked = try await file("Bekeken")
            try await act(.startTriage, looked, lotte)
            let declined = try await file("Geweigerd")
            try await act(.startTriage, declined, lotte)
            try await act(.refer(to: .expertiseUnit, reason: "Advies"), declined, lotte)
            try await act(.decline(reason: "Niet voor de unit"), declined, carla)
            _ = try await service.message("Toch nog een vraag", isInternal: false, on: declined.id, by: lotte, actor: Actor(user: lotte, origin: nil))
            let referred = try await file("Doorverwezen")
            try await act(.refer(to: .expertiseUnit, reason: "Advies"), referred, lotte)
            let accepted = try await file("Geaccepteerd")
            try await act(.refer(to: .expertiseUnit, reason: "Advies"), accepted, lotte)
            try await act(.accept, accepted, carla)
            let assigned = try await file("Toegewezen")
            try await act(.refer(to: .expertiseUnit, reason: "Advies"), assigned, lotte)
            try await act(.accept, assigned, carla)
            try await act(.assign(advisor: ahmed.id), assigned, carla)
            let waiting = try await file("Wacht")
            try await act(.waitForRequester(reason: "Welke wijk?"), waiting, lotte)
            _ = try await service.message("Welke wijk bedoelt u?", isInternal: false, on: waiting.id, by: lotte, actor: Actor(user: lotte, origin: nil))
            _ = try await service.message("Intern: bellen", isInternal: true, on: waiting.id, by: lotte, actor: Actor(user: lotte, origin: nil))

            let overview = Self.overview(database)
            let desk = try await overview.overview(for: lotte)
            #expect(desk.queues.first { $0.queue == .newAtDesk }?.first.map(\.request.title) == ["Nieuw"], "filed, nobody looked yet: \(Self.counts(desk))")
            #expect(Self.counts(desk)[.declinedBack] == 1, "a message after the decline does not hide it")
            #expect(desk.queues.first { $0.queue == .declinedBack }?.first.map(\.request.title) == ["Geweigerd"])
            #expect(Self.counts(desk)[.awaitingDecision] == 1, "looked at, not declined")
            #expect(desk.queues.first { $0.queue == .awaitingDecision }?.first.map(\.request.title) == ["Bekeken"])
            let unit = try await overview.overview(for: carla)
            #expect(Self.counts(unit)[.referralsToAccept] == 1 && Self.counts(unit)[.withoutAdvisor] == 1, "\(Self.counts(unit))")
            #expect(unit.queues.first { $0.queue == .withoutAdvisor }?.first.map(\.request.title) == ["Geaccepteerd"])
            let advisor = try await overview.overview(for: ahmed)
            #expect(advisor.queues.first { $0.queue == .assignedToMe }?.first.map(\.request.title) == ["Toegewezen"])
            let municipality = try await overview.overview(for: gina)
            #expect(municipality.queues.map(\.queue) == [.answerExpected])
            #expect(municipality.queues.first?.first.map(\.request.title) == ["Wacht"])
            #expect(municipality.recentReplies.map(\.title).sorted() == ["Geweigerd", "Wacht"], "replies from the desk, never its internal note")
            #expect(municipality.recentReplies.allSatisfy { $0.fromName != "" && $0.from == .vngDesk })
            #expect(municipality.hasWork)
        }
    }

    @Test("an administrator sees unused invitations and accounts without two-step verification, those that require it first; others see no account figures",
          arguments: TestEngine.available)
    func administrator(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let admin = try await RequestUseCaseTests.user(database, "b@nctv.example", "nctv", .administrator)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let invitations = InvitationStore(database: database)
            let otto = try await RequestUseCaseTests.user(database, "otto@zoetermeer.example", "GM0637", .municipalOfficial)
            try await invitations.create(secret: "open", user: gina.id, at: Self.now, validFor: 3600)
            try await invitations.create(secret: "verlopen", user: otto.id, at: Self.now.addingTimeInterval(-7200), validFor: 3600)
            let overview = try await Self.overview(database).overview(for: admin)
            let accounts = try #require(overview.admin)
            #expect(accounts.pendingInvitations == 1, "the expired one does not count")
            #expect(accounts.withoutTwoStep.map(\.email) == ["b@nctv.example", "gina@zoetermeer.example", "otto@zoetermeer.example"])
            #expect(accounts.requiredWithoutTwoStep == 1, "the default policy requires it of administrators, not of municipal officials")
            #expect(accounts.privileged == 1)
            #expect(overview.queues.isEmpty && overview.context.map(\.figure) == [.organisations, .users])
            #expect(try await Self.overview(database).overview(for: gina).admin == nil)
        }
    }

    @Test("a queue's first items are the earliest deadlines of the whole queue, not of its newest requests", arguments: TestEngine.available)
    func firstByDeadline(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            var filed: [SupportRequest] = []
            for index in 0..<55 {
                filed.append(try await service.file(RequestDraft(title: "Vraag \(index)", description: "Uitleg", requester: "", municipality: "",
                                                                 needs: ["informatievraag"], channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil)))
            }
            // The oldest request is the most pressing: its deadline is the earliest of all.
            let oldest = try #require(filed.first)
            try await database.sql.update("support_requests").set("resolution_due", to: Self.now.addingTimeInterval(-86_400))
                .where("id", .equal, oldest.id.uuidString).run()
            let overview = try await Self.overview(database).overview(for: lotte)
            let new = try #require(overview.queues.first { $0.queue == .newAtDesk })
            #expect(new.count == 55)
            #expect(new.first.first?.request.id == oldest.id, "the earliest deadline first, though 54 requests are newer")
            #expect(new.first.count == WorkOverview.firstItems)
        }
    }
}
