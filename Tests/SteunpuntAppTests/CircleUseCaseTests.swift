import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: learning circles")
struct CircleUseCaseTests {
    static func service(_ database: Database, clock: TestClock) -> CircleService {
        CircleService(store: CircleStore(database: database), organisations: OrganisationStore(database: database),
                      offerings: OfferingStore(database: database), needs: NeedStore(database: database), audit: AuditStore(database: database),
                      dependencies: Dependencies(now: { clock.now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() }))
    }

    static func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.7") }

    static func draft(_ change: (inout CircleDraft) -> Void = { _ in }) -> CircleDraft {
        var draft = CircleDraft(title: "Leerkring polarisatie in de wijk", description: "Zes gemeenten leren van elkaar.",
                                needs: [NeedCode.socialTension.rawValue], status: CircleStatus.active.rawValue)
        change(&draft)
        return draft
    }

    static func kinds(_ database: Database, _ user: User) async throws -> [String] {
        try await NotificationStore(database: database).list(user: user.id, page: PageRequest(size: 100)).items.reversed().map(\.kind)
    }

    @Test("the unit keeps circles with every problem at once; a proposal invites municipalities, who alone see it and accept; audited, told",
          arguments: TestEngine.available)
    func keepingAndProposing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let arnhem = try await MeetingUseCaseTests.user(database, "GM0202", .municipalOfficial)
            let utrecht = try await MeetingUseCaseTests.user(database, "GM0344", .municipalOfficial)
            let desk = try await MeetingUseCaseTests.user(database, "nctv", .deskAgent)

            await #expect(throws: DomainError.forbidden) { try await service.create(Self.draft(), actor: Self.actor(arnhem)) }
            await #expect(throws: DomainError.forbidden) { try await service.create(Self.draft(), actor: Self.actor(desk)) }
            await #expect(throws: DomainError.invalid([FieldError(field: "titel", code: "required"), FieldError(field: "beschrijving", code: "personal_identifier_bsn"),
                                                       FieldError(field: "behoeften", code: "unknown_need"), FieldError(field: "uitnodigen", code: "not_a_municipality")])) {
                try await service.create(Self.draft { $0.title = ""; $0.description = "BSN 111222333"; $0.needs = ["bestaat-niet"] },
                                         invite: ["nctv"], actor: Self.actor(advisor))
            }
            let proposal = try await service.create(Self.draft { $0.status = CircleStatus.proposed.rawValue }, invite: ["GM0202"], actor: Self.actor(advisor))
            #expect(try await Self.kinds(database, arnhem) == ["leerkring-uitnodiging"])

            // A proposal is seen by the unit and the invited only.
            await #expect(throws: DomainError.notFound) { try await service.get(proposal.id, by: utrecht) }
            #expect(try await service.list(by: utrecht, page: PageRequest()).items.isEmpty)
            #expect(try await service.list(by: arnhem, page: PageRequest()).items.map(\.membership) == [.invited])
            #expect(try await service.get(proposal.id, by: coordinator).keeps)
            await #expect(throws: DomainError.forbidden, "an invited municipality does not read the space before it accepts") {
                try await service.notes(of: proposal.id, actor: Self.actor(arnhem))
            }
            await #expect(throws: DomainError.notFound, "another municipality cannot answer for it") {
                try await service.decide(.accept, circle: proposal.id, organisation: OrganisationID("GM0202")!, reason: "", actor: Self.actor(utrecht))
            }
            let accepted = try await service.decide(.accept, circle: proposal.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(arnhem))
            #expect(accepted.state == .member)
            #expect(try await Self.kinds(database, coordinator) == ["leerkring-besluit"], "the unit hears the answer")
            await #expect(throws: DomainError.conflict("membership_already_decided")) {
                try await service.decide(.accept, circle: proposal.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(arnhem))
            }

            let changed = try await service.update(proposal.id, with: Self.draft { $0.title = "Leerkring spanningen in de wijk" }, version: 1, actor: Self.actor(advisor))
            #expect(changed.version == 2 && changed.status == .active)
            await #expect(throws: DomainError.conflict("circle_changed")) {
                try await service.update(proposal.id, with: Self.draft(), version: 1, actor: Self.actor(coordinator))
            }
            await #expect(throws: DomainError.forbidden) { try await service.update(proposal.id, with: Self.draft(), version: 2, actor: Self.actor(arnhem)) }
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "circle"), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.circleCreated, .circleMembershipDecided, .circleChanged])
        }
    }

    @Test("a municipality asks to join with a guarded motivation, once; the unit admits, or refuses with a reason; each side hears; members leave",
          arguments: TestEngine.available)
    func joining(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let arnhem = try await MeetingUseCaseTests.user(database, "GM0202", .municipalOfficial)
            let ede = try await MeetingUseCaseTests.user(database, "GM0228", .municipalOfficial)
            let school = try await MeetingUseCaseTests.user(database, "vng-loket", .deskAgent)
            let circle = try await service.create(Self.draft(), actor: Self.actor(advisor))

            await #expect(throws: DomainError.invalid([FieldError(field: "motivatie", code: "personal_identifier_bsn")])) {
                try await service.ask(circle.id, motivation: "Casus van BSN 111222333", actor: Self.actor(arnhem))
            }
            await #expect(throws: DomainError.forbidden) { try await service.ask(circle.id, motivation: "", actor: Self.actor(school)) }
            let asked = try await service.ask(circle.id, motivation: "Wij hebben spanningen in twee wijken.", actor: Self.actor(arnhem))
            #expect(asked.state == .requested && asked.requestedBy == arnhem.id)
            await #expect(throws: DomainError.conflict("already_asked")) { try await service.ask(circle.id, motivation: "", actor: Self.actor(arnhem)) }
            #expect(try await Self.kinds(database, coordinator) == ["leerkring-aanvraag"])
            let pending = try await service.pendingRequests(by: advisor)
            #expect(pending == 1)
            #expect(try await service.pendingRequests(by: arnhem) == nil)
            await #expect(throws: DomainError.forbidden, "a municipality cannot admit itself") {
                try await service.decide(.admit, circle: circle.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(arnhem))
            }
            let admitted = try await service.decide(.admit, circle: circle.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(advisor))
            #expect(admitted.state == .member && admitted.decidedBy == advisor.id)
            #expect(try await Self.kinds(database, arnhem) == ["leerkring-besluit"])
            await #expect(throws: DomainError.conflict("already_member")) { try await service.ask(circle.id, motivation: "", actor: Self.actor(arnhem)) }

            _ = try await service.ask(circle.id, motivation: "", actor: Self.actor(ede))
            await #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "required")])) {
                try await service.decide(.refuse, circle: circle.id, organisation: ede.organisation, reason: "", actor: Self.actor(advisor))
            }
            let refused = try await service.decide(.refuse, circle: circle.id, organisation: ede.organisation, reason: "De kring is vol; volgend jaar een nieuwe.",
                                                   actor: Self.actor(advisor))
            #expect(refused.state == .declined && refused.reason.hasPrefix("De kring is vol"))
            let again = try await service.ask(circle.id, motivation: "Opnieuw", actor: Self.actor(ede))
            #expect(again.state == .requested, "a refused municipality may ask again")

            let left = try await service.decide(.end, circle: circle.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(arnhem))
            #expect(left.state == .left)
            await #expect(throws: DomainError.forbidden, "gone, it no longer reads the space") { try await service.notes(of: circle.id, actor: Self.actor(arnhem)) }
        }
    }

    @Test("need-to-know: only the unit and members read the space (each read audited); members see members, not who asked; notes guarded; results readable by all",
          arguments: TestEngine.available)
    func space(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let arnhem = try await MeetingUseCaseTests.user(database, "GM0202", .municipalOfficial)
            let ede = try await MeetingUseCaseTests.user(database, "GM0228", .municipalOfficial)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            let auditor = try await MeetingUseCaseTests.user(database, "nctv", .auditor)
            let circle = try await service.create(Self.draft(), invite: ["GM0202"], actor: Self.actor(advisor))
            _ = try await service.decide(.accept, circle: circle.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(arnhem))
            _ = try await service.ask(circle.id, motivation: "Graag", actor: Self.actor(ede))

            for outsider in [ede, analyst, auditor] {
                await #expect(throws: DomainError.forbidden) { try await service.notes(of: circle.id, actor: Self.actor(outsider)) }
                await #expect(throws: DomainError.forbidden) { try await service.memberships(of: circle.id, actor: Self.actor(outsider)) }
                await #expect(throws: DomainError.forbidden) { try await service.addNote(kind: "aantekening", text: "x", to: circle.id, actor: Self.actor(outsider)) }
            }
            #expect(try await service.get(circle.id, by: ede).members == 1, "others see how many, not who")

            await #expect(throws: DomainError.invalid([FieldError(field: "soort", code: "invalid_note_kind"), FieldError(field: "tekst", code: "personal_identifier_bsn")])) {
                try await service.addNote(kind: "roddel", text: "BSN 111222333", to: circle.id, actor: Self.actor(arnhem))
            }
            _ = try await service.addNote(kind: "geleerde-les", text: "Begin met de sleutelfiguren in de wijk.", to: circle.id, actor: Self.actor(arnhem))
            clock.advance(by: 60)
            _ = try await service.addNote(kind: "aantekening", text: "Volgende sessie: casuïstiek.", to: circle.id, actor: Self.actor(advisor))
            let notes = try await service.notes(of: circle.id, actor: Self.actor(arnhem))
            #expect(notes.map(\.note.kind) == [.note, .lesson] && notes.last?.organisationName.isEmpty == false)
            #expect(try await service.memberships(of: circle.id, actor: Self.actor(arnhem)).map(\.membership.organisation.rawValue) == ["GM0202"])
            #expect(Set(try await service.memberships(of: circle.id, actor: Self.actor(advisor)).map(\.membership.state)) == [.member, .requested])
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .circleSpaceRead), page: PageRequest())
            #expect(reads.items.count == 3 && Set(reads.items.compactMap(\.event.actor)) == [arnhem.id, advisor.id], "every read audited, a refused one not")

            // Results: offerings every signed-in reader can read.
            let offerings = OfferingStore(database: database)
            func offering(_ title: String, _ visibility: Visibility) async throws -> Offering {
                let valid = try OfferingDraft(kind: OfferingKind.guide.rawValue, title: title, summary: "Samenvatting", audiences: ["gemeenten"], needs: [],
                                              provider: "szw-ess", status: OfferingStatus.available.rawValue, expectedOn: "",
                                              visibility: visibility.rawValue).validated(knownNeeds: [])
                return try await offerings.create(valid, id: UUID(), by: advisor.id, at: clock.now)
            }
            let guide = try await offering("Handreiking wijkaanpak", .signedIn), unitOnly = try await offering("Werkinstructie unit", .unitOnly)
            await #expect(throws: DomainError.invalid([FieldError(field: "resultaten", code: "result_not_readable")])) {
                try await service.saveResults([guide.id.uppercasedText, unitOnly.id.uppercasedText], of: circle.id, actor: Self.actor(advisor))
            }
            await #expect(throws: DomainError.forbidden) { try await service.saveResults([guide.id.uppercasedText], of: circle.id, actor: Self.actor(arnhem)) }
            _ = try await service.saveResults([guide.id.uppercasedText], of: circle.id, actor: Self.actor(advisor))
            #expect(try await service.results(of: circle.id, for: ede).map(\.title) == ["Handreiking wijkaanpak"])
        }
    }

    @Test("a circle's sessions are for its members: others are refused a place; only the unit plans them; candidates come from the unit's own requests",
          arguments: TestEngine.available)
    func sessionsAndCandidates(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let meetings = MeetingUseCaseTests.service(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let desk = try await MeetingUseCaseTests.user(database, "nctv", .deskAgent)
            let arnhem = try await MeetingUseCaseTests.user(database, "GM0202", .municipalOfficial)
            let ede = try await MeetingUseCaseTests.user(database, "GM0228", .municipalOfficial)
            let circle = try await service.create(Self.draft(), invite: ["GM0202"], actor: Self.actor(advisor))
            _ = try await service.decide(.accept, circle: circle.id, organisation: arnhem.organisation, reason: "", actor: Self.actor(arnhem))

            func session(_ change: (inout MeetingDraft) -> Void = { _ in }) -> MeetingDraft {
                MeetingUseCaseTests.draft { draft in
                    draft.kind = MeetingKind.circleSession.rawValue; draft.circle = circle.id.uppercasedText; draft.capacity = "20"
                    draft.registrationOpensAt = ""; draft.provinces = []; change(&draft)
                }
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "leerkring", code: "not_your_circle")])) {
                try await meetings.create(session(), actor: Self.actor(desk))
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "soort", code: "circle_needs_session_kind"), FieldError(field: "leerkring", code: "unknown_circle")])) {
                try await meetings.create(session { $0.kind = MeetingKind.training.rawValue; $0.circle = UUID().uppercasedText }, actor: Self.actor(advisor))
            }
            let meeting = try await meetings.create(session(), actor: Self.actor(advisor))
            #expect(meeting.circle == circle.id)
            await #expect(throws: DomainError.conflict("not_a_circle_member")) {
                try await meetings.register(for: meeting.id, RegistrationDraft(), actor: Self.actor(ede))
            }
            #expect(try await meetings.register(for: meeting.id, RegistrationDraft(), actor: Self.actor(arnhem)).state == .confirmed)
            #expect(try await service.sessions(of: circle.id, by: ede).map(\.id) == [meeting.id])

            // Candidates: municipalities that named the circle's need in requests the unit holds a part in.
            let requests = RequestStore(database: database)
            func file(_ requester: String, desk: OrganisationID) async throws {
                let valid = try RequestDraft(title: "Spanningen", description: "Spanningen in de wijk", requester: requester, municipality: requester,
                                             needs: [NeedCode.socialTension.rawValue], channel: RequestChannel.vngDesk.rawValue)
                    .validated(knownNeeds: Set(Need.shipped.map(\.code)))
                _ = try await requests.create(valid, id: UUID(), desk: desk, createdBy: advisor.id,
                                              at: clock.now, targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            }
            try await file("GM0228", desk: .expertiseUnit)
            try await file("GM0202", desk: .expertiseUnit)
            try await file("GM0344", desk: .vngDesk)
            let candidates = try await service.candidates(for: circle.id, by: advisor)
            #expect(candidates.map(\.organisation.rawValue) == ["GM0228"], "a member is left out; a request the unit holds no part in is not counted")
            await #expect(throws: DomainError.forbidden) { try await service.candidates(for: circle.id, by: arnhem) }
        }
    }
}
