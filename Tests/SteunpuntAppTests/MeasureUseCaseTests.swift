import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the action programme's measures")
struct MeasureUseCaseTests {
    static func service(_ database: Database, clock: TestClock) -> MeasureService {
        MeasureService(measures: MeasureStore(database: database), offerings: OfferingStore(database: database), organisations: OrganisationStore(database: database),
                       users: UserStore(database: database), audit: AuditStore(database: database), dependencies: PlanUseCaseTests.dependencies(clock))
    }

    static let unit = MeasureDraft(number: "25", title: "Expertise-unit sociale stabiliteit", description: "Een landelijk expertisepunt voor gemeenten.",
                                   ministry: "Ministerie van SZW", organisations: "SZW, NCTV, VNG", status: "lopend", startsOn: "2026-02-01",
                                   milestones: [.init(title: "Unit operationeel", dueOn: "2026-02-01", state: "behaald", reachedOn: "2026-02-01")])

    @Test("numbers as the programme writes them: a part belongs to its measure, ordered by number then letter")
    func numbers() {
        #expect(MeasureNumber("25f")?.parent == MeasureNumber("25") && MeasureNumber("25")?.parent == nil)
        for wrong in ["", "0", "025", "25F", "25ff", "1000", "f25", "25-f"] { #expect(MeasureNumber(wrong) == nil, "\(wrong)") }
        let sorted = ["26", "25f", "9", "25", "25a", "100"].compactMap(MeasureNumber.init).sorted().map(\.rawValue)
        #expect(sorted == ["9", "25", "25a", "25f", "26", "100"])
    }

    @Test("a measure as written: every problem at once, milestones named by their row; a reached milestone has its day, not in the future; a completed measure its end")
    func validation() throws {
        let today = CalendarDay("2026-12-02")!
        let wrong = MeasureDraft(number: "25F", title: "", description: "Bel 111222333", status: "afgerond", startsOn: "2026-12-01", endsOn: "",
                                 milestones: [.init(title: "Eerste resultaten", dueOn: "2026-06-31", state: "behaald", reachedOn: "2027-01-01"),
                                              .init(), .init(title: "Publicatie", dueOn: "2026-09-01", state: "open", reachedOn: "2026-08-01", result: "bestaat-niet")])
        let found = IncidentUseCaseTests.problems { () throws(DomainError) in try wrong.validated(today: today, offeringExists: { _ in false }) }
        #expect(found == ["nummer:invalid_measure_number", "titel:required", "omschrijving:personal_identifier_bsn", "einde:required_when_completed",
                          "mijlpaal-1-datum:invalid_date", "mijlpaal-1-behaald:date_in_future", "mijlpaal-3-behaald:only_when_reached",
                          "mijlpaal-3-resultaat:unknown_offering"], "\(found)")
        let ends = IncidentUseCaseTests.problems { () throws(DomainError) in
            try MeasureDraft(number: "25", title: "x", status: "lopend", startsOn: "2026-05-01", endsOn: "2026-04-01").validated(today: today, offeringExists: { _ in true })
        }
        #expect(ends == ["einde:end_before_start"])
        let valid = try MeasureDraft(number: "25f", title: "Onderzoek triggerfactoren", status: "lopend",
                                     milestones: [.init(title: "Publicatie", dueOn: "2026-09-01"), .init(title: "Start", dueOn: "2026-01-15", state: "behaald",
                                                                                                           reachedOn: "2026-01-20")])
            .validated(today: today, offeringExists: { _ in true })
        #expect(valid.milestones.map(\.title) == ["Start", "Publicatie"], "milestones in the order of their day")
        #expect(valid.milestones.last?.isLate(today: today) == true && valid.milestones.first?.isLate(today: today) == false)
    }

    @Test("keeping measures: an analyst and the unit's coordinator add measures for their organisation and keep only their own; the unit's advisor reads; a municipality nothing; a part needs its measure; a stale save refused; every version kept; audited",
          arguments: TestEngine.available)
    func keeping(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))  // 2026-11-30
            let service = Self.service(database, clock: clock)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }

            await #expect(throws: DomainError.forbidden) { _ = try await service.list(actor: actor(official)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.create(Self.unit, actor: actor(advisor)) }
            let orphan = await IncidentUseCaseTests.asyncProblems {
                _ = try await service.create(MeasureDraft(number: "25f", title: "Onderzoek", status: "gepland"), actor: actor(coordinator))
            }
            #expect(orphan == ["nummer:unknown_parent_measure"])

            let unit = try await service.create(Self.unit, actor: actor(coordinator))
            #expect(unit.owner == .expertiseUnit && unit.version == 1)
            let taken = await IncidentUseCaseTests.asyncProblems { _ = try await service.create(Self.unit, actor: actor(analyst)) }
            #expect(taken == ["nummer:measure_number_taken"])
            let research = try await service.create(MeasureDraft(number: "25f", title: "Onderzoek triggerfactoren", status: "lopend",
                                                                 milestones: [.init(title: "Eerste resultaten", dueOn: "2026-06-30")]), actor: actor(coordinator))
            let local = try await service.create(MeasureDraft(number: "9", title: "Versterken lokale aanpak", status: "lopend"), actor: actor(analyst))
            #expect(local.owner == .nctv)

            let listed = try await service.list(actor: actor(advisor)).measures
            #expect(listed.map(\.measure.number.rawValue) == ["9", "25", "25f"])
            let parent = try #require(listed.first { $0.measure.number.rawValue == "25" })
            #expect(parent.summary.reached == 1 && parent.summary.total == 2 && parent.summary.late == 1 && parent.summary.parts == [.running: 1],
                    "a parent counts its parts' milestones and their statuses")

            await #expect(throws: DomainError.forbidden) {
                _ = try await service.update("9", with: MeasureDraft(number: "9", title: "Anders", status: "lopend"), version: 1, actor: actor(coordinator))
            }
            await #expect(throws: DomainError.forbidden) { _ = try await service.update("25", with: Self.unit, version: 1, actor: actor(analyst)) }
            let renumber = await IncidentUseCaseTests.asyncProblems {
                var draft = Self.unit
                draft.number = "24"
                _ = try await service.update("25", with: draft, version: 1, actor: actor(coordinator))
            }
            #expect(renumber == ["nummer:measure_has_parts"])

            var changed = MeasureDraft(research)
            changed.milestones[0].state = "behaald"
            changed.milestones[0].reachedOn = "2026-06-20"
            changed.milestones.append(.init(title: "Publicatie in de toolbox", dueOn: "2026-12-15"))
            clock.advance(by: 60)
            let saved = try await service.update("25f", with: changed, version: 1, actor: actor(coordinator))
            #expect(saved.version == 2 && saved.milestones.map(\.state) == [.reached, .open])
            await #expect(throws: DomainError.conflict("measure_changed")) {
                _ = try await service.update("25f", with: MeasureDraft(number: "25f", title: "Oud", status: "lopend"), version: 1, actor: actor(coordinator))
            }
            let nothing = await IncidentUseCaseTests.asyncProblems { _ = try await service.update("25f", with: changed, version: 2, actor: actor(coordinator)) }
            #expect(nothing == ["titel:nothing_changed"])

            let view = try await service.read("25f", actor: actor(analyst))
            #expect(view.parent?.number.rawValue == "25" && !view.mayKeep && view.versions.map(\.version) == [2, 1])
            #expect(view.versions.first?.changed == ["mijlpalen"] && view.versions.first?.by == coordinator.id)
            let first = try await service.version("25f", version: 1, actor: actor(analyst))
            #expect(first.milestones.count == 1 && first.milestones.first?.state == .open, "version 1 as it was written")
            await #expect(throws: DomainError.notFound) { _ = try await service.version("25f", version: 3, actor: actor(analyst)) }

            // Progress per quarter: one that has begun, guarded; written again it is replaced; empty removes it.
            let future = await IncidentUseCaseTests.asyncProblems {
                _ = try await service.writeProgress("25f", MeasureProgressDraft(period: "2027-K1", text: "Later"), actor: actor(coordinator))
            }
            #expect(future == ["periode:period_in_future"])
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.writeProgress("25f", MeasureProgressDraft(period: "2026-K4", text: "x"), actor: actor(analyst))
            }
            _ = try await service.writeProgress("25f", MeasureProgressDraft(period: "2026-K3", text: "Eerste resultaten gepresenteerd."), actor: actor(coordinator))
            _ = try await service.writeProgress("25f", MeasureProgressDraft(period: "2026-K4", text: "Concept"), actor: actor(coordinator))
            _ = try await service.writeProgress("25f", MeasureProgressDraft(period: "2026-K4", text: "Publicatie voorbereid."), actor: actor(coordinator))
            #expect(try await service.read("25f", actor: actor(advisor)).progress.map(\.text) == ["Publicatie voorbereid.", "Eerste resultaten gepresenteerd."])
            _ = try await service.writeProgress("25f", MeasureProgressDraft(period: "2026-K3", text: ""), actor: actor(coordinator))
            #expect(try await service.read("25f", actor: actor(advisor)).progress.map(\.period.description) == ["2026-K4"])

            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 100)).items.map(\.event.action)
            #expect(trail.filter { $0 == .measureCreated }.count == 3 && trail.filter { $0 == .measureChanged }.count == 1
                    && trail.filter { $0 == .measureProgressWritten }.count == 4)
        }
    }
}
