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
                        users: UserStore(database: database), snapshots: PlanSnapshotStore(database: database),
                        dependencies: dependencies(clock))
    }

    static func plans(_ database: Database, clock: TestClock) -> PlanService {
        PlanService(plans: PlanStore(database: database), needs: NeedStore(database: database), dependencies: dependencies(clock))
    }

    static let zoetermeer = MunicipalityCode("GM0637")!
    static let delft = MunicipalityCode("GM0503")!

    @Test("the unit edits the draft at the same time: edits of different points all land; an edit of a point someone changed since it was read is refused until made again over what is there",
          arguments: TestEngine.available)
    func concurrentEdits(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.plans(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let actor = Actor(user: advisor, origin: "192.0.2.3")
            let published = try await service.latest(by: advisor)
            // The first edit turns the published version into the draft (version 2).
            var first = try #require(published.plan.points.first)
            let firstRead = first.fingerprint
            first.asks += " Eerste wijziging."
            _ = try await service.edit(.replace(key: first.key, with: first), basedOn: 1, read: firstRead, actor: actor)
            let draft = try await service.latest(by: advisor)
            #expect(draft.version == 2 && draft.status == .draft)

            // Every other point edited at once, each by a form that read the draft before any of them saved.
            let others = Array(draft.plan.points.dropFirst())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for point in others {
                    group.addTask {
                        var changed = point
                        changed.evidence += " Aangevuld door \(point.key)."
                        _ = try await service.edit(.replace(key: point.key, with: changed), basedOn: 2, read: point.fingerprint, actor: actor)
                    }
                }
                try await group.waitForAll()
            }
            let after = try await service.latest(by: advisor).plan
            #expect(after.points.count == draft.plan.points.count)
            #expect(after.points.first?.asks.hasSuffix("Eerste wijziging.") == true)
            for point in others { #expect(after.point(point.key)?.evidence.hasSuffix("Aangevuld door \(point.key).") == true, "\(point.key) kept") }

            // A second form on the first point, read before its change: refused, nothing lost.
            var late = try #require(published.plan.points.first)
            late.title = "Een late titel"
            await #expect(throws: DomainError.conflict("plan_part_changed")) {
                _ = try await service.edit(.replace(key: late.key, with: late), basedOn: 2, read: firstRead, actor: actor)
            }
            #expect(try await service.latest(by: advisor).plan.points.first?.asks.hasSuffix("Eerste wijziging.") == true)
            // Made again over what is there now (the form shows it), it lands.
            let current = try #require(after.points.first)
            var merged = current
            merged.title = "Een late titel"
            _ = try await service.edit(.replace(key: merged.key, with: merged), basedOn: 2, read: current.fingerprint, actor: actor)
            let last = try await service.latest(by: advisor).plan.points.first
            #expect(last?.title == "Een late titel" && last?.asks.hasSuffix("Eerste wijziging.") == true)
            // The same change made twice is no conflict; the header is guarded the same way.
            _ = try await service.edit(.replace(key: merged.key, with: merged), basedOn: 2, read: firstRead, actor: actor)
            let header = after.headerFingerprint
            _ = try await service.edit(.header(title: "Het plan", introduction: after.introduction), basedOn: 2, read: header, actor: actor)
            await #expect(throws: DomainError.conflict("plan_part_changed")) {
                _ = try await service.edit(.header(title: "Een ander plan", introduction: after.introduction), basedOn: 2, read: header, actor: actor)
            }
        }
    }

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

    static func support(_ database: Database, clock: TestClock) -> PlanSupportService {
        PlanSupportService(plans: PlanStore(database: database), progress: ProgressStore(database: database), support: PlanSupportStore(database: database),
                           municipalities: MunicipalityStore(database: database), needs: NeedStore(database: database),
                           offerings: OfferingStore(database: database), requests: RequestStore(database: database), dependencies: dependencies(clock))
    }

    @Test("support from the plan: ticking asks once, unticking withdraws; the coordinator confirms (a request, channel plan, the point's needs) or dismisses with a reason; a decision answers the wish",
          arguments: TestEngine.available)
    func supportFromThePlan(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let progress = Self.progress(database, clock: clock), support = Self.support(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            var draft = ProgressDraft(status: "in-voorbereiding", since: "2026-10-01", nextStep: "Trainingsplan opstellen", wantsSupport: true)

            _ = try await progress.update("deskundigheid", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official))
            clock.advance(by: 60)
            draft.nextStep = "Trainingsplan opstellen met het jongerenwerk"
            _ = try await progress.update("deskundigheid", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official))
            var open = try await support.proposals(state: .open, by: advisor)
            #expect(open.count == 1, "a second save with the box still ticked asks nothing new")
            let asked = try #require(open.first)
            #expect(asked.municipality.code == Self.zoetermeer && asked.point?.key == "deskundigheid" && asked.proposal.askedBy == official.id)
            #expect(asked.progress?.nextStep == "Trainingsplan opstellen met het jongerenwerk")
            await #expect(throws: DomainError.forbidden) { _ = try await support.proposals(state: nil, by: official) }
            await #expect(throws: DomainError.forbidden) { _ = try await support.confirm(asked.proposal.id, actor: actor(advisor)) }
            let countForOfficial = try await support.counts(by: official), countForCoordinator = try await support.counts(by: coordinator)
            #expect(countForOfficial == nil && countForCoordinator == [.open: 1])

            clock.advance(by: 3_600)
            let filed = try await support.confirm(asked.proposal.id, actor: actor(coordinator))
            #expect(filed.channel == .plan && filed.municipality == Self.zoetermeer && filed.requester.rawValue == "GM0637" && filed.needs == [.training])
            #expect(filed.description.contains("punt 5") && filed.description.contains("Trainingsplan opstellen met het jongerenwerk"))
            #expect(filed.description.contains("Stand: in voorbereiding sinds 1\u{00A0}okt.\u{00A0}2026."), "days in Dutch, as the pages show them")
            let confirmed = try await support.proposal(asked.proposal.id, by: advisor).proposal
            #expect(confirmed.state == .confirmed && confirmed.requestID == filed.id && confirmed.decidedBy == coordinator.id)
            await #expect(throws: DomainError.conflict("support_proposal_decided")) { _ = try await support.confirm(asked.proposal.id, actor: actor(coordinator)) }
            let answered = try await progress.point("deskundigheid", of: Self.zoetermeer, actor: actor(official))
            #expect(!answered.state.progress.wantsSupport && answered.history.first?.source == .supportDecision && answered.history.first?.changedBy == coordinator.id,
                    "the decision answers the wish: the box is cleared, in the history")
            #expect(try await support.latest(of: Self.zoetermeer, by: official)["deskundigheid"]?.state == .confirmed)

            // Asked again, dismissed with a reason; a reason with a BSN is refused and nothing changes.
            clock.advance(by: 60)
            draft.wantsSupport = true
            _ = try await progress.update("deskundigheid", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official))
            open = try await support.proposals(state: .open, by: coordinator)
            let again = try #require(open.first)
            #expect(open.count == 1 && again.proposal.id != asked.proposal.id)
            await #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "personal_identifier_bsn")])) {
                try await support.dismiss(again.proposal.id, reason: "Bel 123456782", actor: actor(coordinator))
            }
            #expect(try await support.proposal(again.proposal.id, by: coordinator).proposal.state == .open)
            try await support.dismiss(again.proposal.id, reason: "De regionale training in maart past beter.", actor: actor(coordinator))
            let dismissed = try await support.latest(of: Self.zoetermeer, by: official)["deskundigheid"]
            #expect(dismissed?.state == .dismissed && dismissed?.reason == "De regionale training in maart past beter.")

            // Ticked and unticked before a decision: withdrawn.
            draft.wantsSupport = true
            _ = try await progress.update("regie", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official))
            draft.wantsSupport = false
            _ = try await progress.update("regie", of: Self.zoetermeer, with: draft, version: nil, actor: actor(official))
            #expect(try await support.latest(of: Self.zoetermeer, by: official)["regie"]?.state == .withdrawn)
            #expect(try await support.proposals(state: .open, by: coordinator).isEmpty)
            await #expect(throws: DomainError.forbidden) { _ = try await support.latest(of: Self.delft, by: official) }

            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 100))
            #expect(trail.items.filter { $0.event.action == .planSupportConfirmed }.count == 1)
            #expect(trail.items.filter { $0.event.action == .planSupportDismissed }.count == 1)
            #expect(trail.items.contains { $0.event.action == .requestCreated && $0.event.objectID == filed.id.uppercasedText })
        }
    }

    @Test("an uploaded sheet is stored as one change per point that changes (source upload), audited once; a wish for support in it asks as the form does; only the municipality's own officials upload",
          arguments: TestEngine.available)
    func upload(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let progress = Self.progress(database, clock: clock), support = Self.support(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let header = ["sleutel", "status", "sinds", "bewijs", "ondersteuning gewenst", "versie"]
            let rows = [["regie", "ingevoerd", "1-10-2026", "Taakomschrijving vastgesteld", "nee", "0"],
                        ["deskundigheid", "in voorbereiding", "2026-11-02", "", "ja", "0"],
                        ["meldroute", "niet gestart", "", "", "nee", "0"]]
            await #expect(throws: DomainError.forbidden) {
                _ = try await progress.upload(header: header, rows: rows, of: Self.zoetermeer, actor: Actor(user: advisor, origin: nil))
            }
            let done = try await progress.upload(header: header, rows: rows, of: Self.zoetermeer, actor: Actor(user: official, origin: nil))
            #expect(done.changes.map(\.key) == ["regie", "deskundigheid"] && done.unchanged == 1)
            let history = try await ProgressStore(database: database).history(of: Self.zoetermeer)
            #expect(history.count == 2 && history.allSatisfy { $0.source == .upload && $0.changedBy == official.id })
            let open = try await support.proposals(state: .open, by: advisor)
            #expect(open.map(\.proposal.pointKey) == ["deskundigheid"], "a wish in the sheet asks as the form does")
            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 50))
            #expect(trail.items.filter { $0.event.action == .planProgressUploaded && $0.event.objectID == "GM0637" }.count == 1)
            await #expect(throws: DomainError.invalid([FieldError(field: "rij-2.versie", code: "progress_changed")])) {
                _ = try await progress.upload(header: header, rows: [["regie", "geborgd", "1-10-2026", "Geëvalueerd", "nee", "0"]], of: Self.zoetermeer,
                                              actor: Actor(user: official, origin: nil))
            }
        }
    }
}
