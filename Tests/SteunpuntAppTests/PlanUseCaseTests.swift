import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the 10-point plan and a municipality's progress")
struct PlanUseCaseTests {
    static func dependencies(_ clock: TestClock) -> Dependencies {
        Dependencies(now: { clock.now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() })
    }

    static func progress(_ database: Database, clock: TestClock) -> ProgressService {
        ProgressService(plans: PlanStore(database: database), progress: ProgressStore(database: database), municipalities: MunicipalityStore(database: database),
                        users: UserStore(database: database), dependencies: dependencies(clock))
    }

    static func plans(_ database: Database, clock: TestClock) -> PlanService {
        PlanService(plans: PlanStore(database: database), needs: NeedStore(database: database), dependencies: dependencies(clock))
    }

    static let zoetermeer = MunicipalityCode("GM0637")!
    static let delft = MunicipalityCode("GM0503")!

    @Test("need-to-know: a municipality keeps and reads only its own; the unit reads every one and keeps none; others are refused",
          arguments: TestEngine.available)
    func needToKnow(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.progress(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let draft = ProgressDraft(status: "in-voorbereiding", since: "2026-10-01", responsibleFunction: "Beleidsadviseur openbare orde", wantsSupport: true)

            let saved = try await service.update("regie", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official))
            #expect(saved.version == 1 && saved.status == .preparing)
            await #expect(throws: DomainError.forbidden) { _ = try await service.update("regie", of: Self.delft, with: draft, version: nil, actor: actor(official)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.plan(of: Self.delft, actor: actor(official)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.update("regie", of: Self.zoetermeer, with: draft, version: nil, actor: actor(advisor)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.plan(of: Self.zoetermeer, actor: actor(analyst)) }
            await #expect(throws: DomainError.unauthenticated) { _ = try await service.plan(of: Self.zoetermeer, actor: Actor(user: nil, origin: nil)) }
            await #expect(throws: DomainError.notFound) { _ = try await service.update("geen-punt", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official)) }
            await #expect(throws: DomainError.conflict("progress_changed")) {
                _ = try await service.update("regie", of: Self.zoetermeer, with: draft, version: 0, actor: actor(official))
            }

            let own = try await service.plan(of: Self.zoetermeer, actor: actor(official))
            let read = try await service.plan(of: Self.zoetermeer, actor: actor(advisor))
            #expect(own.points.count == 10 && own.count(.preparing) == 1 && own.count(.notStarted) == 9 && own.lastChanged == clock.now)
            #expect(read.points.map(\.progress) == own.points.map(\.progress), "the unit reads what the municipality keeps")
            let point = try await service.point("regie", of: Self.zoetermeer, actor: actor(advisor))
            #expect(point.history.count == 1 && point.names[official.id] == official.name && point.state.progress.wantsSupport)

            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 50))
            #expect(trail.items.filter { $0.event.action == .planProgressChanged && $0.event.objectID == "GM0637/regie" }.count == 1)
        }
    }

    @Test("every problem at once; nothing of a refused change is stored", arguments: TestEngine.available)
    func problems(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.progress(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            await #expect(throws: DomainError.invalid([FieldError(field: "sinds", code: "required"), FieldError(field: "bewijs", code: "required"),
                                                       FieldError(field: "volgendeStap", code: "personal_identifier_bsn")])) {
                _ = try await service.update("regie", of: Self.zoetermeer, with: ProgressDraft(status: "ingevoerd", nextStep: "Bel 123456782"), version: nil,
                                             actor: Actor(user: official, origin: nil))
            }
            #expect(try await ProgressStore(database: database).history(of: Self.zoetermeer).isEmpty)
        }
    }

    @Test("the unit keeps the plan: advisors save drafts, only the coordinator publishes; drafts are not there for others",
          arguments: TestEngine.available)
    func keepingThePlan(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.plans(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            var plan = Plan.starting
            plan.points[2].evidence = "Een vastgesteld plan van aanpak."
            await #expect(throws: DomainError.notFound) { _ = try await service.save(plan, basedOn: 1, actor: Actor(user: official, origin: nil)) }
            let draft = try await service.save(plan, basedOn: 1, actor: Actor(user: advisor, origin: nil))
            #expect(draft.version == 2 && draft.status == .draft)
            await #expect(throws: DomainError.notFound) { _ = try await service.version(2, by: official) }
            #expect(try await service.version(1, by: official).isStartingVersion)
            #expect(try await service.changes(of: draft).toReview == ["plan-van-aanpak"])
            await #expect(throws: DomainError.forbidden) { _ = try await service.publish(2, actor: Actor(user: advisor, origin: nil)) }
            var broken = plan
            broken.points[0].title = ""
            await #expect(throws: DomainError.invalid([FieldError(field: "punten[0].titel", code: "required")])) {
                _ = try await service.save(broken, basedOn: 2, actor: Actor(user: advisor, origin: nil))
            }
            let (published, changes) = try await service.publish(2, actor: Actor(user: coordinator, origin: nil))
            #expect(published.status == .published && changes.toReview == ["plan-van-aanpak"])
            #expect(try await service.published().version == 2)
        }
    }
}
