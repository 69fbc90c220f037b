import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

private func row(_ title: String, _ party: String, _ guidance: String = "", code: String = "") -> HandlingTemplateDraft.Row {
    HandlingTemplateDraft.Row(code: code, title: title, party: party, guidance: guidance)
}

@Suite("Use cases without HTTP: an incident's handling steps and the template they come from")
struct IncidentStepUseCaseTests {
    static let today = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30

    @Test("a new version of the steps: every problem at once, rows named; empty rows dropped; codes kept, made from titles and unique")
    func templateDraft() throws {
        let wrong = HandlingTemplateDraft(rows: [row("Contact met het bestuur", "gebedshuis"), row("", "politie", "Melden"), row("", "", ""),
                                                 row("contact met het bestuur", "bestuur"), row("Bel 111222333", "gemeente")],
                                          guide: "handreiking-moskeeen", note: "")
        let found = IncidentUseCaseTests.problems { () throws(DomainError) in try wrong.validated(guideExists: false) }
        #expect(found == ["stap-2-titel:required", "stap-4-titel:duplicate_step", "stap-4-partij:invalid_party", "stap-5-titel:personal_identifier_bsn",
                          "handreiking:unknown_offering", "wijziging:required"], "\(found)")
        #expect(IncidentUseCaseTests.problems { () throws(DomainError) in
            try HandlingTemplateDraft(rows: [row("", "", "")], note: "Leeg").validated(guideExists: nil)
        } == ["stappen:required"])
        let many = (1...21).map { row("Stap nummer \($0)", "gemeente") }
        #expect(IncidentUseCaseTests.problems { () throws(DomainError) in
            try HandlingTemplateDraft(rows: many, note: "Te veel").validated(guideExists: nil)
        } == ["stappen:too_many_steps"])

        // A row keeps its own code; a new row's code comes from its title, never one taken;
        // a code claimed twice stays with the first row.
        let valid = try HandlingTemplateDraft(rows: [row("Contact", "gebedshuis", code: "contact-bestuur"), row("", "", ""), row("Contact bestuur", "gemeente"),
                                                     row("Nazorg!", "gemeenschap-en-buurt", code: "contact-bestuur"), row("Contact-bestuur", "politie")],
                                              guide: "", note: "Nieuwe stappen").validated(guideExists: nil)
        #expect(valid.steps.map(\.code) == ["contact-bestuur", "contact-bestuur-2", "nazorg", "contact-bestuur-3"], "\(valid.steps.map(\.code))")
        #expect(valid.steps.map(\.party) == [IncidentParty.placeOfWorship, .municipality, .community, .police] && valid.guide == nil)
    }

    @Test("a step changed: done needs a day between the incident and today, not applicable says why, something changes; a change of a step reads back from the history")
    func stepUpdate() throws {
        let incident = Incident(id: UUID(), number: "IN-2026-00001", municipality: MunicipalityCode("GM0637")!, kind: .placeOfWorship, occurredOn: "2026-11-20",
                                location: .placeOfWorship, severity: .high, description: "Leuzen", createdBy: UUID(), createdAt: Self.today, updatedAt: Self.today)
        let step = IncidentStep(HandlingTemplate.startingSteps[1], templateVersion: 1)
        func problems(_ update: IncidentStepUpdate) -> Set<String> {
            IncidentUseCaseTests.problems { () throws(DomainError) in try update.validated(for: step, of: incident, today: Self.today) }
        }
        #expect(problems(IncidentStepUpdate(state: "gedaan")) == ["datum:required"])
        #expect(problems(IncidentStepUpdate(state: "gedaan", doneOn: "2026-12-01")) == ["datum:date_in_future"])
        #expect(problems(IncidentStepUpdate(state: "gedaan", doneOn: "2026-11-19", note: "BSN 111222333"))
                == ["datum:before_incident", "toelichting:personal_identifier_bsn"])
        #expect(problems(IncidentStepUpdate(state: "gedaan", doneOn: "20-11-2026")) == ["datum:invalid_date"])
        #expect(problems(IncidentStepUpdate(state: "niet-van-toepassing")) == ["toelichting:required"])
        #expect(problems(IncidentStepUpdate(state: "klaar")) == ["status:invalid_step_state"])
        #expect(problems(IncidentStepUpdate(state: "open")) == ["status:nothing_changed"])
        let done = try IncidentStepUpdate(state: "gedaan", doneOn: " 2026-11-20 ", note: "Aangifte gedaan").validated(for: step, of: incident, today: Self.today)
        #expect(done == IncidentStepUpdate.Valid(state: .done, doneOn: "2026-11-20", note: "Aangifte gedaan"))
        // Open again: a day typed is not kept.
        var settled = step
        settled.state = .done
        settled.doneOn = "2026-11-20"
        let reopened = try IncidentStepUpdate(state: "open", doneOn: "2026-11-20").validated(for: settled, of: incident, today: Self.today)
        #expect(reopened.doneOn == "" && reopened.state == .open)

        let change = IncidentEvent.Change.step(code: "melding-politie", from: .open, to: .done)
        let parts = change.parts
        #expect(parts.change == "stap" && parts.from == "open" && parts.to == "melding-politie gedaan")
        #expect(IncidentEvent.Change(change: parts.change, from: parts.from, to: parts.to) == change)
        #expect(IncidentEvent.Change(change: "stap", from: "open", to: "melding politie gedaan") == nil)
    }

    @Test("the template in versions: only the unit's coordinator writes one, made on the version standing; an incident keeps the steps it was registered with, a new one takes the new version; the guide linked; audited",
          arguments: TestEngine.available)
    func versions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Self.today)
            let clock = TestClock(Self.today)
            let service = IncidentUseCaseTests.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }

            let first = try await service.template(version: nil, actor: actor(official))
            #expect(first.template.version == 1 && first.template.steps == HandlingTemplate.startingSteps && first.template.createdBy == nil && !first.mayKeep)
            #expect(try await service.template(version: nil, actor: actor(coordinator)).mayKeep)
            await #expect(throws: DomainError.forbidden) { _ = try await service.template(version: nil, actor: actor(analyst)) }
            await #expect(throws: DomainError.notFound) { _ = try await service.template(version: 9, actor: actor(official)) }
            let before = try await service.register(IncidentUseCaseTests.mosque, actor: actor(official))

            let guide = try await OfferingStore(database: database).create(
                try OfferingDraft(kind: OfferingKind.guide.rawValue, title: "Handreiking incidenten rond moskeeën", summary: "Wie doet wat", audiences: ["gemeenten"],
                                  needs: [], provider: "szw-ess", status: OfferingStatus.available.rawValue, expectedOn: "",
                                  visibility: Visibility.signedIn.rawValue).validated(knownNeeds: []),
                id: UUID(), by: advisor.id, at: clock.now)
            var rows = first.template.steps.map { row($0.title, $0.party.rawValue, $0.guidance, code: $0.code) }
            rows.remove(at: 5)
            rows.append(row("Nazorg voor het bestuur", "gebedshuis", "Na zes weken opnieuw contact."))
            let draft = HandlingTemplateDraft(rows: rows, guide: guide.slug.rawValue, note: "Nazorg toegevoegd; communicatie valt onder contact.")
            await #expect(throws: DomainError.forbidden) { _ = try await service.publishTemplate(draft, basedOn: 1, actor: actor(advisor)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.publishTemplate(draft, basedOn: 1, actor: actor(official)) }
            let unknown = await IncidentUseCaseTests.asyncProblems {
                var wrong = draft
                wrong.guide = "bestaat-niet"
                _ = try await service.publishTemplate(wrong, basedOn: 1, actor: actor(coordinator))
            }
            #expect(unknown == ["handreiking:unknown_offering"])
            clock.advance(by: 3_600)
            let second = try await service.publishTemplate(draft, basedOn: 1, actor: actor(coordinator))
            #expect(second.version == 2 && second.steps.last?.code == "nazorg-voor-het-bestuur" && second.guide == guide.slug && second.createdBy == coordinator.id)
            await #expect(throws: DomainError.conflict("handling_template_changed")) {
                _ = try await service.publishTemplate(draft, basedOn: 1, actor: actor(coordinator))
            }

            let after = try await service.register(IncidentUseCaseTests.mosque, actor: actor(official))
            let old = try await service.read(before.id.uppercasedText, actor: actor(official))
            let new = try await service.read(after.id.uppercasedText, actor: actor(official))
            #expect(old.steps.map(\.code) == HandlingTemplate.startingSteps.map(\.code) && old.steps.allSatisfy { $0.templateVersion == 1 && $0.state == .open })
            #expect(new.steps.map(\.code) == second.steps.map(\.code) && new.steps.allSatisfy { $0.templateVersion == 2 })
            #expect(old.guide == nil, "the first version links no guide")
            #expect(new.guide?.id == guide.id && new.guide?.title == "Handreiking incidenten rond moskeeën")
            let all = try await service.template(version: nil, actor: actor(official))
            #expect(all.versions.map(\.version) == [2, 1] && all.names[coordinator.id] != nil)
            #expect(try await service.template(version: 1, actor: actor(official)).template.steps.count == 6)

            let trail = try await AuditStore(database: database).search(AuditFilter(action: .handlingTemplatePublished), page: PageRequest())
            #expect(trail.items.count == 1 && trail.items.first?.event.actor == coordinator.id)
        }
    }

    @Test("steps kept by the municipality: each change a line of the history and audited; a stale step refused; the unit reads them, never changes them; another municipality sees nothing; changes of different steps at once all land",
          arguments: TestEngine.available)
    func steps(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Self.today)
            let clock = TestClock(Self.today)
            let service = IncidentUseCaseTests.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let colleague = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let delft = try await MeetingUseCaseTests.user(database, "GM0503", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let incident = try await service.register(IncidentUseCaseTests.mosque, actor: actor(official))
            let id = incident.id.uppercasedText

            let done = try await service.updateStep("melding-politie", of: id, with: IncidentStepUpdate(state: "gedaan", doneOn: "2026-11-21", note: "Aangifte gedaan"),
                                                    version: 1, actor: actor(official))
            #expect(done.state == .done && done.doneOn == "2026-11-21" && done.version == 2 && done.changedBy == official.id)
            await #expect(throws: DomainError.conflict("incident_step_changed")) {
                _ = try await service.updateStep("melding-politie", of: id, with: IncidentStepUpdate(state: "open"), version: 1, actor: actor(colleague))
            }
            await #expect(throws: DomainError.notFound) {
                _ = try await service.updateStep("bestaat-niet", of: id, with: IncidentStepUpdate(state: "open"), version: nil, actor: actor(official))
            }
            await #expect(throws: DomainError.notFound) {
                _ = try await service.updateStep("melding-politie", of: id, with: IncidentStepUpdate(state: "open"), version: nil, actor: actor(delft))
            }
            await #expect(throws: DomainError.notFound) { _ = try await service.step("melding-politie", of: id, actor: actor(advisor)) }
            _ = try await service.share(id, with: "szw-ess", true, version: nil, actor: actor(official))
            let read = try await service.read(id, actor: actor(advisor))
            #expect(read.steps.first { $0.code == "melding-politie" }?.note == "Aangifte gedaan" && !read.mayKeep)
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.updateStep("melding-politie", of: id, with: IncidentStepUpdate(state: "open"), version: nil, actor: actor(advisor))
            }
            // The incident's own version is not touched: a form on the incident stays valid.
            #expect(read.incident.version == 2)

            // Changes of the other five steps at the same moment all land, each its own line.
            let codes = HandlingTemplate.startingSteps.map(\.code).filter { $0 != "melding-politie" }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for code in codes {
                    group.addTask {
                        _ = try await service.updateStep(code, of: id, with: IncidentStepUpdate(state: "niet-van-toepassing", note: "Niet nodig: \(code)"),
                                                         version: 1, actor: actor(colleague))
                    }
                }
                try await group.waitForAll()
            }
            let view = try await service.read(id, actor: actor(official))
            #expect(IncidentStep.progress(view.steps) == (6, 6))
            let stepLines = view.history.compactMap { event -> String? in
                guard case .step(let code, _, let to) = event.change else { return nil }
                return "\(code) \(to.rawValue)"
            }
            #expect(stepLines.count == 6 && Set(stepLines) == Set(["melding-politie gedaan"] + codes.map { "\($0) niet-van-toepassing" }))
            let trail = try await AuditStore(database: database).search(AuditFilter(action: .incidentStepChanged), page: PageRequest())
            #expect(trail.items.count == 6)
        }
    }
}
