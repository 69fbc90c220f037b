import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// What `request.mustache` shows. The steps offered are those the workflow would accept
/// from this user now (tried with placeholder input), so the page never offers a step
/// that would be refused for who the user is or where the request stands.
struct RequestDetailModel {
    struct Fact { let label: String; let value: String }
    struct HistoryRow { let when: String; let who: String; let action: String; let status: String; let reason: String?; let organisation: String? }
    /// `bodyHTML`: the message escaped, its web addresses links (`LinkedText`).
    struct MessageRow { let when: String; let who: String; let organisation: String; let isInternal: Bool; let bodyHTML: String }
    struct ActivityRow {
        let day: String; let kind: String; let hours: String; let participants: Int; let note: String; let who: String
        let offeringTitle: String?; let offeringHref: String?
        let meetingTitle: String?; let meetingHref: String?
        /// The network register's entry introduced: for the unit only.
        let networkName: String?; let networkHref: String?
    }

    let id: String
    /// The version the page shows; each step form sends it back, so a step on a request
    /// that changed since is refused instead of applied to what the user did not see.
    let version: Int
    let number: String
    let title: String
    let description: String
    /// The description escaped, its web addresses links (`LinkedText`).
    let descriptionHTML: String
    let status: String
    let deadline: String
    let deadlineClass: String
    let facts: [Fact]
    /// The incident the request was filed from, for a reader who may read it.
    var incident: IncidentLink?
    struct IncidentLink { let label: String; let href: String }
    /// A success message after a step (filed, changed, answered), saying what happens next.
    let notice: String?
    /// The handler's question while the request waits for its requester, shown to the requester on top with the answer form.
    let waiting: Waiting?
    /// Said on top of a request a destruction list destroyed: what was kept and why nothing can be added.
    let destroyed: String?
    struct Waiting { let heading: String; let question: String; let draft: String }
    let history: [HistoryRow]
    let messages: [MessageRow]
    let hasMessages: Bool
    let activities: [ActivityRow]
    let hasActivities: Bool
    /// What stands out on top besides the status: why it was referred or handed back, the
    /// open question to the requester, the outcome, why it was reopened.
    let highlights: [Fact]
    let hasHighlights: Bool
    // Steps: the one this person is expected to take now stands out; the others are
    // folded away, opened when one of them was just refused.
    let primaryStep: Step?
    let otherSteps: [Step]
    let hasOtherSteps: Bool
    let othersOpen: Bool
    /// One step form (`request-step.mustache`); `key` makes its field ids unique.
    struct Step {
        let key: String
        var isTriage = false, isRefer = false, isAccept = false, isDecline = false, isAssign = false
        var isWait = false, isClose = false, isWithdraw = false, isReopen = false
        var primary = false
    }
    let referralTargets: [OptionModel]
    /// What the routing rules propose, as a sentence.
    let proposal: String?
    let advisors: [OptionModel]
    let outcomes: [OptionModel]
    let hasSteps: Bool
    let canMessage: Bool
    let canWriteInternal: Bool
    let draftMessage: String
    let canRecordActivity: Bool
    let activityKinds: [OptionModel]
    let activityDay: String
    let activityHours: String
    let activityParticipants: String
    let activityNote: String
    let activityOfferings: [OptionModel]
    let activitySend: Bool
    /// Meetings an activity can name (a training or regional meeting it was).
    let activityMeetings: [OptionModel]
    /// Entries of the network register an introduction can name (the unit's).
    let activityNetworks: [OptionModel]
    let hasActivityNetworks: Bool
    let feedback: String?
    let canGiveFeedback: Bool
    let scores: [OptionModel]
    let errors: FormErrors

    static func make(_ request: SupportRequest, parties: Set<OrganisationID>, user: User, service: RequestService, municipalityName: String, t: Catalogue,
                     notice: String?, errors: [FieldError], failed: RequestForm?, draftMessage: String,
                     draftActivity: ActivityDraft?) async throws -> RequestDetailModel {
        let labels = RequestLabels.make(t, needs: try await service.needs.all(includeRetired: true))
        let now = service.dependencies.now()
        let history = try await service.requests.history(request.id)
        let messages = try await service.requests.messages(request.id, viewer: user)
        let activities = try await service.requests.activities(request.id)
        // The offerings the activities used, as the unit reads them.
        var usedOfferings: [UUID: Offering] = [:]
        for id in Set(activities.compactMap(\.offering)) {
            if let offering = try await service.offerings.get(id: id, reach: .unitOnly) { usedOfferings[id] = offering }
        }
        let meetingTitles = try await service.meetingTitles(activities)
        let networkNames = try await service.networkNames(activities, for: user)
        let organisationNames = try await service.organisations.names()
        var people = history.map(\.actor) + messages.map(\.author) + activities.map(\.author)
        if let assignee = request.assignee { people.append(assignee) }
        let names = try await service.users.names(of: people)
        func organisation(_ id: OrganisationID) -> String { organisationNames[id] ?? id.rawValue }

        // Which steps the workflow accepts from this user now.
        let targets = try await service.targets(for: request)
        let allowed = { (action: RequestAction) -> Bool in
            switch Result(catching: { () throws(DomainError) in try service.workflow.apply(action, to: request, by: user, at: now, targets: targets) }) {
            case .success: true
            // A step that only lacks input (a reason, a target) is offered; the form asks for it.
            case .failure(.invalid): true
            case .failure: false
            }
        }
        let other: OrganisationID = request.holder == .expertiseUnit ? .nctv : .expertiseUnit
        let canRefer = allowed(.refer(to: other, reason: "x"))
        let canAssign = allowed(.assign(advisor: UUID()))
        let staff = RequestPolicy.isHolderStaff(request, user: user)
        var referralTargets: [OptionModel] = []
        var proposal: String?
        if canRefer {
            let proposed = try await service.proposal(for: request)?.target
            proposal = proposed.map { t.text("routing_proposal", ["target": organisation($0)]) }
            referralTargets = try await service.referralTargets().filter { $0.id != request.holder }
                .map { OptionModel(value: $0.id.rawValue, label: $0.name, selected: $0.id == proposed) }
        }
        var advisors: [OptionModel] = []
        if canAssign {
            let workload = try await service.requests.workload(holder: request.holder)
            advisors = try await service.users.members(of: request.holder)
                .filter { $0.isActive && ($0.role == .unitAdvisor || $0.role == .unitCoordinator) }
                .map { OptionModel(value: $0.id.uppercasedText, label: t.text("advisor_with_workload", ["name": $0.name, "count": String(workload[$0.id] ?? 0)]),
                                   selected: $0.id == request.assignee) }
        }
        let state = service.workflow.deadlineState(request, at: now)
        let firstResponse = t.date(request.firstResponseDue.addingTimeInterval(-1))
        let resolution = t.date(request.resolutionDue.addingTimeInterval(-1))
        let noticeText = notice.map { t.text($0, ["desk": organisation(request.desk), "holder": organisation(request.holder),
                                                  "first": firstResponse, "resolution": resolution]) }
        var waiting: Waiting?
        let isRequester = RequestPolicy.isRequester(request, user: user)
        if request.status == .waitingForRequester, isRequester {
            let question = history.last { $0.action == RequestAction.waitForRequester(reason: "").identifier }?.reason ?? ""
            waiting = Waiting(heading: t.text("request_waiting_heading", ["holder": organisation(request.holder)]), question: question, draft: draftMessage)
        }
        var facts = [
            Fact(label: t.text("field_name_aanvrager"), value: organisation(request.requester)),
            Fact(label: t.text("field_municipality"), value: municipalityName),
            Fact(label: t.text("field_name_behoeften"), value: request.needs.map(labels.need).joined(separator: ", ")),
            Fact(label: t.text("field_name_kanaal"), value: labels.channel(request.channel)),
            Fact(label: t.text("field_name_urgentie"), value: labels.urgency(request.urgency)),
            Fact(label: t.text("field_desk"), value: organisation(request.desk)),
            Fact(label: t.text("field_holder"), value: organisation(request.holder)),
            Fact(label: t.text("field_filed"), value: t.dateTime(request.createdAt)),
            Fact(label: t.text("field_first_response_due"), value: request.firstResponseAt.map { t.text("answered_on", ["date": t.date($0)]) }
                ?? firstResponse),
            Fact(label: t.text("field_resolution_due"), value: request.waitingSince == nil ? resolution
                : t.text("deadline_paused_since", ["date": t.date(request.waitingSince!)])),
        ]
        if let assignee = request.assignee { facts.append(Fact(label: t.text("field_name_behandelaar"), value: names[assignee] ?? "")) }
        if !request.preferredContact.isEmpty { facts.append(Fact(label: t.text("field_name_contactvoorkeur"), value: request.preferredContact)) }
        if let outcome = request.outcome { facts.append(Fact(label: t.text("field_name_uitkomst"), value: labels.outcome(outcome))) }
        // The steps in the order a person is expected to take them: the first one allowed
        // is this person's next step. Withdrawing is never the next step.
        let offered: [(Bool, Step)] = [
            (allowed(.startTriage), Step(key: "in-behandeling-nemen", isTriage: true)),
            (allowed(.accept), Step(key: "accepteren", isAccept: true)),
            (canAssign && request.assignee == nil, Step(key: "toewijzen", isAssign: true)),
            (canRefer, Step(key: "doorverwijzen", isRefer: true)),
            (staff && allowed(.close(outcome: .answered, reason: nil)), Step(key: "afsluiten", isClose: true)),
            (allowed(.reopen(reason: "x")), Step(key: "heropenen", isReopen: true)),
            (allowed(.waitForRequester(reason: "x")), Step(key: "wachten-op-aanvrager", isWait: true)),
            (canAssign && request.assignee != nil, Step(key: "toewijzen", isAssign: true)),
            (allowed(.decline(reason: "x")), Step(key: "weigeren", isDecline: true)),
            (!staff && allowed(.close(outcome: .withdrawn, reason: nil)), Step(key: "intrekken", isWithdraw: true)),
        ]
        var steps = offered.filter(\.0).map(\.1)
        var primaryStep: Step?
        if let first = steps.first, !first.isWithdraw {
            primaryStep = first
            primaryStep?.primary = true
            steps.removeFirst()
        }
        let highlights = Self.highlights(request, history: history, isRequester: isRequester, labels: labels, t: t, organisation: organisation)
        let failedStep: String? = if case .step(let key) = failed { key } else { nil }
        // Activities record the work of the advisor, so they wait for one to be assigned.
        let mayRecord = staff && (user.role == .unitAdvisor || user.role == .unitCoordinator) && request.assignee != nil
        let networkChoices = mayRecord ? try await service.networkChoices(for: user) : []
        let feedback = try await service.requests.feedback(request.id)
        return RequestDetailModel(
            id: request.id.lowercasedText, version: request.version, number: request.number, title: request.title, description: request.description,
            descriptionHTML: LinkedText.html(request.description),
            status: labels.status(request.status), deadline: labels.deadline(state), deadlineClass: state.rawValue, facts: facts, notice: noticeText, waiting: waiting,
            destroyed: request.destroyedAt.map { t.text("request_destroyed", ["day": t.date($0)]) },
            history: history.map { change in
                HistoryRow(when: t.dateTime(change.at), who: names[change.actor] ?? "", action: labels.action(change.action),
                           status: labels.status(change.to), reason: change.reason, organisation: change.organisation.map(organisation))
            },
            messages: messages.map {
                MessageRow(when: t.dateTime($0.createdAt), who: names[$0.author] ?? "", organisation: organisation($0.authorOrganisation),
                           isInternal: $0.isInternal, bodyHTML: LinkedText.html($0.body))
            },
            hasMessages: !messages.isEmpty,
            activities: activities.map {
                let offering = $0.offering.flatMap { usedOfferings[$0] }
                return ActivityRow(day: CalendarDay($0.day).map { t.date($0.start()) } ?? $0.day, kind: labels.activity($0.kind), hours: NumberText.decimal($0.hours, t.language), participants: $0.participants,
                                   note: $0.note, who: names[$0.author] ?? "", offeringTitle: offering?.title,
                                   offeringHref: offering.map { "/aanbod/\($0.slug)" }, meetingTitle: $0.meeting.flatMap { meetingTitles[$0] },
                                   meetingHref: $0.meeting.map { "/bijeenkomsten/\($0.lowercasedText)" },
                                   networkName: $0.network.flatMap { networkNames[$0] },
                                   networkHref: $0.network.flatMap { networkNames[$0] == nil ? nil : "/netwerken/\($0.lowercasedText)" })
            },
            hasActivities: !activities.isEmpty,
            highlights: highlights, hasHighlights: !highlights.isEmpty,
            primaryStep: primaryStep, otherSteps: steps, hasOtherSteps: !steps.isEmpty,
            othersOpen: failedStep.map { key in steps.contains { $0.key == key } } ?? false,
            referralTargets: referralTargets, proposal: proposal, advisors: advisors,
            outcomes: RequestOutcome.allCases.filter { $0 != .withdrawn || staff }.map { OptionModel(value: $0.rawValue, label: labels.outcome($0), selected: false) },
            hasSteps: primaryStep != nil || !steps.isEmpty,
            // While it waits, the requester answers in the form on top.
            canMessage: request.status.isOpen && (staff || isRequester) && waiting == nil,
            canWriteInternal: request.destroyedAt == nil && RequestPolicy.mayWriteInternalNote(on: request, user: user),
            draftMessage: draftMessage,
            canRecordActivity: request.destroyedAt == nil && mayRecord,
            activityKinds: ActivityKind.allCases.map { OptionModel(value: $0.rawValue, label: labels.activity($0), selected: $0.rawValue == draftActivity?.kind) },
            activityDay: draftActivity?.day ?? DateText.day(now), activityHours: draftActivity?.hours ?? "",
            activityParticipants: draftActivity?.participants ?? "", activityNote: draftActivity?.note ?? "",
            activityOfferings: mayRecord ? try await service.offerings.search(OfferingFilter(), reach: .unitOnly, page: PageRequest(size: PageRequest.maximumSize))
                .items.map { OptionModel(value: $0.slug.rawValue, label: $0.title, selected: $0.slug.rawValue == draftActivity?.offering) } : [],
            activitySend: draftActivity?.sendToRequester ?? false,
            activityMeetings: mayRecord ? try await service.meetingChoices().map {
                OptionModel(value: $0.id.lowercasedText, label: "\($0.title) (\(t.date($0.startsAt)))", selected: $0.id.lowercasedText == draftActivity?.meeting)
            } : [],
            activityNetworks: networkChoices.map { OptionModel(value: $0.id.lowercased(), label: $0.name, selected: $0.id.lowercased() == draftActivity?.network.lowercased()) },
            hasActivityNetworks: !networkChoices.isEmpty,
            feedback: feedback.map { t.text("request_feedback_given", ["score": String($0.score)]) + ($0.comment.isEmpty ? "" : " “\($0.comment)”") },
            canGiveFeedback: request.destroyedAt == nil && feedback == nil && request.status == .closed && RequestPolicy.isRequester(request, user: user),
            scores: (1...5).map { OptionModel(value: String($0), label: t.text("score_\($0)"), selected: false) },
            errors: FormErrors(errors, t, at: failed?.elementID ?? { $0 }))
    }

    /// The latest referral or hand-back with its reason, the open question to the requester
    /// (the requester answers it in the banner instead), the outcome, the reason to reopen.
    private static func highlights(_ request: SupportRequest, history: [StatusChange], isRequester: Bool, labels: RequestLabels, t: Catalogue,
                                   organisation: (OrganisationID) -> String) -> [Fact] {
        var facts: [Fact] = []
        func last(_ action: String) -> StatusChange? { history.last { $0.action == action } }
        let handOver = history.last { $0.action == "doorverwijzen" || $0.action == "weigeren" }
        if let handOver, let reason = handOver.reason, request.status != .closed || handOver.action == "doorverwijzen" {
            let key = handOver.action == "doorverwijzen" ? "request_highlight_referred" : "request_highlight_declined"
            facts.append(Fact(label: t.text(key, ["organisation": handOver.organisation.map(organisation) ?? "", "date": t.date(handOver.at)]), value: reason))
        }
        if request.status == .waitingForRequester, !isRequester, let question = last("wachten-op-aanvrager") {
            facts.append(Fact(label: t.text("request_highlight_waiting", ["date": t.date(question.at)]), value: question.reason ?? ""))
        }
        if request.status == .closed, let outcome = request.outcome {
            let note = last("afsluiten")?.reason.flatMap { $0.isEmpty ? nil : $0 }
            facts.append(Fact(label: t.text("request_highlight_outcome", ["date": request.closedAt.map(t.date) ?? ""]),
                              value: labels.outcome(outcome) + (note.map { ": " + $0 } ?? "")))
        }
        if request.status == .reopened, let reopen = last("heropenen") {
            facts.append(Fact(label: t.text("request_highlight_reopened", ["date": t.date(reopen.at)]), value: reopen.reason ?? ""))
        }
        return facts
    }
}

/// Which form on the request page was sent, so its problems show at its own fields: the
/// step forms share field names (`reden`), so their ids carry the step (`reden-weigeren`).
enum RequestForm {
    case step(String), message, answer, activity, feedback

    var elementID: (String) -> String {
        switch self {
        case .step(let key): { $0 == "reden" ? "reden-\(key)" : $0 }
        case .answer: { $0 == "tekst" ? "antwoord-tekst" : $0 }
        case .feedback: { $0 == "toelichting" ? "toelichting-beoordeling" : $0 }
        case .message, .activity: { $0 }
        }
    }
}
