import Foundation
import Testing
@testable import SteunpuntDomain

@Suite("Support requests: the state machine, who may act, deadlines")
struct RequestWorkflowTests {
    let workflow = RequestWorkflow()
    let targets = DeadlineTargets(firstResponseDays: 3, resolutionDays: 10)
    static let zoetermeer = OrganisationID("GM0637")!

    static func user(_ role: Role, _ organisation: OrganisationID) -> User {
        User(id: UUID(), email: "\(role.rawValue)@x.example", name: role.rawValue, organisation: organisation, role: role, createdAt: Date())
    }

    let official = user(.municipalOfficial, zoetermeer)
    let otherOfficial = user(.municipalOfficial, OrganisationID("GM0363")!)
    let desk = user(.deskAgent, .vngDesk)
    let otherDesk = user(.deskAgent, .nctv)
    let coordinator = user(.unitCoordinator, .expertiseUnit)
    let advisor = user(.unitAdvisor, .expertiseUnit)
    let analyst = user(.nationalAnalyst, .nctv)
    let administrator = user(.administrator, .nctv)

    func day(_ month: Int, _ day: Int) -> Date {
        DutchCalendar().calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: 10))!
    }

    func newRequest(at created: Date) -> SupportRequest {
        let calendar = DutchCalendar()
        return SupportRequest(id: UUID(), number: "HV-2026-00001", title: "Brede aanpak", description: "Hoe beginnen we?", requester: Self.zoetermeer,
                              municipality: MunicipalityCode("GM0637")!, needs: [.preventiveApproach], channel: .vngDesk, urgency: .normal,
                              preferredContact: "", desk: .vngDesk, holder: .vngDesk, createdBy: official.id, createdAt: created, updatedAt: created,
                              firstResponseDue: calendar.addingWorkingDays(3, to: created), resolutionDue: calendar.addingWorkingDays(10, to: created))
    }

    func step(_ request: SupportRequest, _ action: RequestAction, by user: User, at date: Date) throws -> SupportRequest {
        try workflow.apply(action, to: request, by: user, at: date, targets: targets).0
    }

    @Test("the letter's path: desk intake, referral to the unit, acceptance, an advisor, closed as advised, reopened")
    func fullPath() throws {
        var request = newRequest(at: day(11, 2))
        request = try step(request, .startTriage, by: desk, at: day(11, 2))
        #expect(request.status == .inTriage && request.firstResponseAt == day(11, 2))
        let (referred, change) = try workflow.apply(.refer(to: .expertiseUnit, reason: "Advies op maat nodig"), to: request, by: desk, at: day(11, 3), targets: targets)
        #expect(referred.status == .referred && referred.holder == .expertiseUnit && referred.referredBy == .vngDesk)
        #expect(change == StatusChange(from: .inTriage, to: .referred, action: "doorverwijzen", reason: "Advies op maat nodig",
                                       organisation: .expertiseUnit, actor: desk.id, at: day(11, 3)))
        #expect(throws: DomainError.forbidden, "the desk no longer holds it") { try step(referred, .accept, by: desk, at: day(11, 3)) }
        request = try step(referred, .accept, by: coordinator, at: day(11, 4))
        #expect(request.status == .accepted && request.referredBy == nil)
        #expect(throws: DomainError.forbidden, "only the coordinator assigns") { try step(request, .assign(advisor: advisor.id), by: advisor, at: day(11, 4)) }
        request = try step(request, .assign(advisor: advisor.id), by: coordinator, at: day(11, 4))
        #expect(request.status == .inProgress && request.assignee == advisor.id)
        request = try step(request, .close(outcome: .advised, reason: nil), by: advisor, at: day(11, 20))
        #expect(request.status == .closed && request.outcome == .advised && request.closedAt == day(11, 20))
        request = try step(request, .reopen(reason: "Nieuwe vraag over hetzelfde"), by: official, at: day(11, 23))
        #expect(request.status == .reopened && request.outcome == nil && request.holder == .expertiseUnit)
    }

    @Test("illegal transitions are refused", arguments: [
        (RequestStatus.received, RequestAction.accept),
        (.received, .reopen(reason: "x")),
        (.closed, .startTriage),
        (.closed, .close(outcome: .answered, reason: nil)),
        (.inProgress, .startTriage),
        (.waitingForRequester, .assign(advisor: UUID())),
        (.referred, .close(outcome: .answered, reason: nil)),
        (.closed, .waitForRequester(reason: "x")),
    ])
    func illegal(status: RequestStatus, action: RequestAction) {
        var request = newRequest(at: day(11, 2))
        request.status = status
        request.referredBy = .nctv
        let actor: User
        switch action {
        case .assign:
            request.holder = .expertiseUnit
            actor = coordinator
        case .reopen: actor = official
        default: actor = desk
        }
        #expect(RequestPolicy.may(action, on: request, user: actor), "refused for its status, not for who asks")
        #expect(throws: DomainError.conflict("transition_not_allowed")) { try step(request, action, by: actor, at: day(11, 3)) }
    }

    @Test("who may act: other municipalities, other desks, analysts and administrators may not")
    func permissions() throws {
        let request = newRequest(at: day(11, 2))
        for outsider in [otherOfficial, otherDesk, analyst, administrator, advisor] {
            #expect(throws: DomainError.forbidden) { try step(request, .startTriage, by: outsider, at: day(11, 2)) }
        }
        #expect(throws: DomainError.forbidden, "a requester can withdraw, not answer") {
            try step(request, .close(outcome: .answered, reason: nil), by: official, at: day(11, 2))
        }
        let withdrawn = try step(request, .close(outcome: .withdrawn, reason: "Al opgelost"), by: official, at: day(11, 2))
        #expect(withdrawn.status == .closed && withdrawn.firstResponseAt == nil, "a requester's own action is no response")
        #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "required")])) {
            try step(request, .refer(to: .expertiseUnit, reason: "  "), by: desk, at: day(11, 2))
        }
        #expect(throws: DomainError.invalid([FieldError(field: "naar", code: "refer_to_self")])) {
            try step(request, .refer(to: .vngDesk, reason: "x"), by: desk, at: day(11, 2))
        }
    }

    @Test("a declined referral returns to the referring desk, which can refer again")
    func decline() throws {
        var request = try step(newRequest(at: day(11, 2)), .refer(to: .knowledgeFunction, reason: "Kennisvraag"), by: desk, at: day(11, 2))
        let partner = Self.user(.deskAgent, .knowledgeFunction)
        #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "required")])) { try step(request, .decline(reason: ""), by: partner, at: day(11, 3)) }
        request = try step(request, .decline(reason: "Past niet bij ons"), by: partner, at: day(11, 3))
        #expect(request.status == .inTriage && request.holder == .vngDesk && request.referredBy == nil)
        request = try step(request, .refer(to: .expertiseUnit, reason: "Dan de unit"), by: desk, at: day(11, 3))
        #expect(request.holder == .expertiseUnit)
    }

    @Test("waiting for the requester stops the clock and moves the resolution date by the working days waited")
    func suspension() throws {
        // Monday 2 November 2026; 10 working days → due at the end of Monday 16 November.
        var request = try step(newRequest(at: day(11, 2)), .startTriage, by: desk, at: day(11, 2))
        #expect(request.resolutionDue == DutchCalendar().addingWorkingDays(10, to: day(11, 2)))
        request = try step(request, .waitForRequester(reason: "Welke wijk?"), by: desk, at: day(11, 5))
        #expect(request.status == .waitingForRequester && workflow.deadlineState(request, at: day(11, 30)) == .paused)
        #expect(throws: DomainError.forbidden) { try step(request, .requesterReply, by: otherOfficial, at: day(11, 9)) }
        // Answered on Monday 9 November: Fri 6 and Mon 9 are the working days waited.
        request = try step(request, .requesterReply, by: official, at: day(11, 9))
        #expect(request.status == .inTriage && request.suspendedDays == 2 && request.waitingSince == nil)
        #expect(request.resolutionDue == DutchCalendar().addingWorkingDays(12, to: day(11, 2)))
        #expect(workflow.deadlineState(request, at: day(11, 10)) == .onTime)
        #expect(workflow.deadlineState(request, at: day(11, 17)) == .dueSoon)
        #expect(workflow.deadlineState(request, at: day(11, 19)) == .overdue)
    }

    @Test("a request nobody answers is overdue after its first-response target")
    func firstResponseOverdue() {
        let request = newRequest(at: day(11, 2))
        #expect(workflow.deadlineState(request, at: day(11, 2)) == .onTime, "not almost overdue the day it is filed")
        #expect(workflow.deadlineState(request, at: day(11, 3)) == .dueSoon)
        #expect(workflow.deadlineState(request, at: day(11, 6)) == .overdue, "3 working days: due at the end of Thursday 5 November")
    }

    @Test("a one-day first response is on time the day it is filed, due soon the next working day, overdue after")
    func shortWindow() {
        var request = newRequest(at: day(11, 2))
        request.firstResponseDue = DutchCalendar().addingWorkingDays(1, to: day(11, 2))
        #expect(workflow.deadlineState(request, at: day(11, 2)) == .onTime)
        #expect(workflow.deadlineState(request, at: day(11, 3)) == .dueSoon)
        #expect(workflow.deadlineState(request, at: day(11, 4)) == .overdue)
    }

    @Test("the strictest need sets the targets; high urgency asks an answer the next working day")
    func targetsFromNeeds() {
        let needs = Need.shipped.filter { [.preventiveApproach, .socialTension].contains($0.code) }
        #expect(DeadlineTargets(needs: needs, urgency: .normal) == DeadlineTargets(firstResponseDays: 1, resolutionDays: 10))
        let slow = Need.shipped.filter { $0.code == .training }
        #expect(DeadlineTargets(needs: slow, urgency: .high).firstResponseDays == 1)
        #expect(DeadlineTargets(needs: slow, urgency: .low).firstResponseDays == 5)
    }

    @Test("need-to-know scopes per role")
    func scopes() {
        #expect(RequestPolicy.scope(for: official) == .requester(Self.zoetermeer))
        #expect(RequestPolicy.scope(for: desk) == .party(.vngDesk))
        #expect(RequestPolicy.scope(for: coordinator) == .party(.expertiseUnit))
        #expect(RequestPolicy.scope(for: advisor) == .assigned(.expertiseUnit, advisor.id))
        for role in [Role.nationalAnalyst, .administrator, .auditor] {
            #expect(RequestPolicy.scope(for: Self.user(role, .nctv)) == RequestScope.none)
        }
        let request = newRequest(at: day(11, 2))
        #expect(RequestPolicy.canSee(request, parties: [.vngDesk], user: desk))
        #expect(!RequestPolicy.canSee(request, parties: [.vngDesk], user: otherDesk))
        #expect(!RequestPolicy.canSee(request, parties: [.vngDesk], user: otherOfficial))
    }

    @Test("a request draft reports every problem at once, BSN included")
    func draft() {
        let draft = RequestDraft(title: "", description: "BSN 111222333 van de melder", requester: "Niet Goed", municipality: "XX",
                                 needs: ["onbekend"], channel: "duif", urgency: "zeer")
        #expect(throws: DomainError.invalid([
            FieldError(field: "aanvrager", code: "invalid_organisation_id"),
            FieldError(field: "gemeente", code: "invalid_municipality_code"),
            FieldError(field: "titel", code: "required"),
            FieldError(field: "omschrijving", code: "personal_identifier_bsn"),
            FieldError(field: "behoeften", code: "unknown_need"),
            FieldError(field: "kanaal", code: "invalid_channel"),
            FieldError(field: "urgentie", code: "invalid_urgency"),
        ])) { try draft.validated(knownNeeds: Set(Need.shipped.map(\.code))) }
    }
}

@Suite("Routing rules")
struct RoutingRuleTests {
    @Test("the first active rule that fits proposes; a rule pointing at the holder is passed over")
    func proposal() {
        let calendar = DutchCalendar()
        let now = Date()
        let request = SupportRequest(id: UUID(), number: "HV-2026-00001", title: "t", description: "d", requester: OrganisationID("school-a")!,
                                     municipality: MunicipalityCode("GM0637")!, needs: [.schoolSituation, .information], channel: .schoolHelpdesk,
                                     urgency: .normal, preferredContact: "", desk: .schoolHelpdesk, holder: .schoolHelpdesk, createdBy: UUID(),
                                     createdAt: now, updatedAt: now, firstResponseDue: calendar.addingWorkingDays(1, to: now),
                                     resolutionDue: calendar.addingWorkingDays(5, to: now))
        let toUnitForTraining = RoutingRule(id: UUID(), position: 1, need: .training, target: .expertiseUnit)
        let retired = RoutingRule(id: UUID(), position: 2, need: .schoolSituation, target: .nctv, isActive: false)
        let toSelf = RoutingRule(id: UUID(), position: 3, channel: .schoolHelpdesk, target: .schoolHelpdesk)
        let schools = RoutingRule(id: UUID(), position: 4, need: .schoolSituation, requesterKind: .school, target: .expertiseUnit)
        let fallback = RoutingRule(id: UUID(), position: 5, target: .knowledgeFunction)
        let rules = [fallback, schools, toSelf, retired, toUnitForTraining]
        #expect(RoutingRule.proposal(for: request, requesterKind: .school, rules: rules)?.id == schools.id)
        #expect(RoutingRule.proposal(for: request, requesterKind: .municipality, rules: rules)?.id == fallback.id)
        #expect(RoutingRule.proposal(for: request, requesterKind: .municipality, rules: [toUnitForTraining]) == nil)
    }
}

@Suite("Internal notes: who may write them")
struct InternalNoteRuleTests {
    @Test("the holder's staff and the intake desk may; the requester and other desks may not")
    func rule() {
        let now = Date()
        let request = SupportRequest(id: UUID(), number: "HV-2026-00001", title: "t", description: "d", requester: OrganisationID("GM0637")!,
                                     municipality: MunicipalityCode("GM0637")!, needs: [.information], channel: .vngDesk, urgency: .normal,
                                     preferredContact: "", status: .accepted, desk: .vngDesk, holder: .expertiseUnit, createdBy: UUID(),
                                     createdAt: now, updatedAt: now, firstResponseDue: now, resolutionDue: now)
        func user(_ role: Role, _ organisation: OrganisationID) -> User {
            User(id: UUID(), email: "x@x.example", name: "x", organisation: organisation, role: role, createdAt: now)
        }
        #expect(RequestPolicy.mayWriteInternalNote(on: request, user: user(.unitCoordinator, .expertiseUnit)))
        #expect(RequestPolicy.mayWriteInternalNote(on: request, user: user(.deskAgent, .vngDesk)))
        #expect(!RequestPolicy.mayWriteInternalNote(on: request, user: user(.deskAgent, .nctv)))
        #expect(!RequestPolicy.mayWriteInternalNote(on: request, user: user(.municipalOfficial, OrganisationID("GM0637")!)))
        #expect(!RequestPolicy.mayWriteInternalNote(on: request, user: user(.unitAdvisor, .expertiseUnit)), "an advisor not assigned")
    }
}
