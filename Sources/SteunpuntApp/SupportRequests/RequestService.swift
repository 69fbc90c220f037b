import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// The support-request steps that the API and the pages share: filing, reading (audited),
/// workflow actions, messages and activities. Handlers parse input and render output;
/// every rule lives in the domain (`RequestPolicy`, `RequestWorkflow`) and every query is
/// scoped in storage.
package struct RequestService: Sendable {
    package let requests: RequestStore
    package let needs: NeedStore
    package let organisations: OrganisationStore
    package let users: UserStore
    package let audit: AuditStore
    package let routing: RoutingRuleStore
    package let offerings: OfferingStore
    package let meetings: MeetingStore
    /// The unit's network register, whose entries an introduction names.
    package let networks: NetworkStore
    package let privacy: PrivacyGuard
    /// Where the site is reached from outside, for links in messages (`STEUNPUNT_PUBLIC_URL`).
    package let publicURL: String?
    package let dependencies: Dependencies

    package var workflow: RequestWorkflow { requests.workflow }

    package init(requests: RequestStore, needs: NeedStore, organisations: OrganisationStore, users: UserStore, audit: AuditStore, routing: RoutingRuleStore, offerings: OfferingStore,
                 meetings: MeetingStore, networks: NetworkStore, privacy: PrivacyGuard, publicURL: String?, dependencies: Dependencies) {
        self.requests = requests
        self.needs = needs
        self.organisations = organisations
        self.users = users
        self.audit = audit
        self.routing = routing
        self.offerings = offerings
        self.meetings = meetings
        self.networks = networks
        self.privacy = privacy
        self.publicURL = publicURL
        self.dependencies = dependencies
    }

    /// Files a request. A municipality or school files for itself (the requester and
    /// municipality default to its own) through a desk of its choice; a desk agent or the
    /// unit's coordinator files on behalf of any municipality or school, at their own desk.
    package func file(_ input: RequestDraft, by user: User, actor: Actor) async throws -> SupportRequest {
        let filesForItself = user.role == .municipalOfficial || user.role == .schoolStaff
        guard RequestPolicy.mayFile(user) else { throw DomainError.forbidden }
        var draft = input
        if filesForItself && draft.requester.isEmpty { draft.requester = user.organisation.rawValue }
        // The municipality concerned defaults to the requester's own.
        if draft.municipality.isEmpty, let id = OrganisationID(draft.requester), let code = try await organisations.get(id)?.municipality {
            draft.municipality = code.rawValue
        }
        let known = try await needs.all()
        let valid = try draft.validated(knownNeeds: Set(known.map(\.code)), privacy: privacy)
        var v = Validator()
        if let requester = try await organisations.get(valid.requester) {
            v.check(RequestPolicy.canFile(for: requester, user: user), "aanvrager", "cannot_file_for_requester")
            if requester.kind == .municipality || requester.kind == .school {
                v.check(requester.municipality == valid.municipality, "gemeente", "municipality_not_of_requester")
            }
        } else {
            v.add("aanvrager", "unknown_organisation")
        }
        if filesForItself { v.check(RequestChannel.workspaceChannels.contains(valid.channel), "kanaal", "channel_not_a_desk") }
        try v.finish()
        let desk = filesForItself ? valid.channel.desk! : user.organisation
        let now = dependencies.now()
        let id = dependencies.uuid()
        return try await requests.create(valid, id: id, desk: desk, createdBy: user.id, at: now,
                                         targets: DeadlineTargets(needs: known.filter { valid.needs.contains($0.code) }, urgency: valid.urgency),
                                         audit: actor.auditEvent(.requestCreated, objectType: "request", objectID: id.uppercasedText, at: now))
    }

    /// A request the user may see, with its parties; every read is audited. Not found
    /// and not allowed look the same.
    package func read(_ id: UUID, by user: User, actor: Actor) async throws -> (request: SupportRequest, parties: Set<OrganisationID>) {
        guard let found = try await requests.get(id, scope: RequestPolicy.scope(for: user)) else { throw DomainError.notFound }
        try await audit.append(actor.auditEvent(.requestRead, objectType: "request", objectID: id.uppercasedText, at: dependencies.now()))
        return found
    }

    /// Applies a workflow action, after checking what the domain cannot: that a referral
    /// target and an advisor exist and fit. With `expectedVersion` (the version the caller
    /// saw), a request changed since is refused (`request_changed`) rather than stepped on.
    package func act(_ action: RequestAction, on id: UUID, expectedVersion: Int? = nil, by user: User, actor: Actor) async throws -> SupportRequest {
        guard let (request, _) = try await requests.get(id, scope: RequestPolicy.scope(for: user)) else { throw DomainError.notFound }
        if let expectedVersion, expectedVersion != request.version { throw DomainError.conflict("request_changed") }
        switch action {
        case .refer(let target, _):
            let organisation = try await organisations.get(target)
            guard let organisation, RequestPolicy.isReferralTarget(organisation) else {
                throw DomainError.invalid([FieldError(field: "naar", code: "not_a_referral_target")])
            }
        case .assign(let advisor):
            let person = try await users.get(advisor)
            guard let person, person.isActive, person.role == .unitAdvisor || person.role == .unitCoordinator, person.organisation == request.holder else {
                throw DomainError.invalid([FieldError(field: "behandelaar", code: "not_an_advisor")])
            }
        default:
            break
        }
        let now = dependencies.now()
        let (next, change) = try workflow.apply(action, to: request, by: user, at: now, targets: try await targets(for: request))
        return try await requests.save(next, previous: request, change: change, at: now,
                                       audit: actor.auditEvent(.requestChanged, objectType: "request", objectID: id.uppercasedText, at: now))
    }

    /// Adds a message. Staff may write internal notes; a requester's message answers a
    /// question (and ends the wait), a staff message to the requester counts as a response.
    package func message(_ text: String, isInternal: Bool, on id: UUID, by user: User, actor: Actor) async throws -> RequestMessage {
        try await post(text, isInternal: isInternal, on: id, by: user, actor: actor).message
    }

    /// A message, with the request as it stands after it: a requester's answer to a
    /// question ends the wait, and the resolution date moves by the days waited.
    package func post(_ text: String, isInternal: Bool, on id: UUID, by user: User, actor: Actor) async throws -> (message: RequestMessage, request: SupportRequest) {
        guard let (request, _) = try await requests.get(id, scope: RequestPolicy.scope(for: user)) else { throw DomainError.notFound }
        let body = try RequestMessage.validatedBody(text, privacy: privacy)
        let isRequester = RequestPolicy.isRequester(request, user: user)
        if isInternal && isRequester { throw DomainError.forbidden }
        let now = dependencies.now()
        let message = RequestMessage(id: dependencies.uuid(), request: id, author: user.id, authorOrganisation: user.organisation,
                                     isInternal: isInternal, body: body, createdAt: now)
        var step: (next: SupportRequest, previous: SupportRequest, change: StatusChange)?
        if !isInternal {
            let action: RequestAction = isRequester ? .requesterReply : .reply
            let (next, change) = try workflow.apply(action, to: request, by: user, at: now, targets: try await targets(for: request))
            step = (next, request, change)
        } else if !RequestPolicy.mayWriteInternalNote(on: request, user: user) {
            throw DomainError.forbidden
        }
        try await requests.addMessage(message, step: step,
                                      audit: actor.auditEvent(.requestMessage, objectType: "request", objectID: id.uppercasedText, at: now))
        return (message, step?.next ?? request)
    }

    /// Records an activity: the unit staff holding the request (the advisor, the coordinator).
    package func addActivity(_ draft: ActivityDraft, on id: UUID, by user: User, actor: Actor) async throws -> RequestActivity {
        guard let (request, _) = try await requests.get(id, scope: RequestPolicy.scope(for: user)) else { throw DomainError.notFound }
        guard RequestPolicy.isHolderStaff(request, user: user), user.role == .unitAdvisor || user.role == .unitCoordinator else {
            throw DomainError.forbidden
        }
        let now = dependencies.now()
        let valid = try draft.validated(privacy: privacy, today: now)
        // The offering, as the unit reads it; one shared with the requester must be readable by them.
        var offering: Offering?
        if let slug = valid.offering {
            offering = try await offerings.get(slug, reach: .unitOnly)
            guard let found = offering, found.status != .withdrawn else { throw DomainError.invalid([FieldError(field: "aanbod", code: "unknown_offering")]) }
            if draft.sendToRequester, found.visibility == .unitOnly {
                throw DomainError.invalid([FieldError(field: "aanbod", code: "offering_not_shareable")])
            }
        }
        // The meeting it was: one that is published (the unit reads every meeting).
        if let meeting = valid.meeting {
            guard let found = try await meetings.get(meeting), found.status.isPublished else {
                throw DomainError.invalid([FieldError(field: "bijeenkomst", code: "unknown_meeting")])
            }
        }
        // The entry of the network register it introduced (the unit's register: the unit records activities).
        if let entry = valid.network, try await !networks.exists(entry) {
            throw DomainError.invalid([FieldError(field: "netwerk", code: "unknown_network_entry")])
        }
        let activity = RequestActivity(id: dependencies.uuid(), request: id, kind: valid.kind, day: valid.day, hours: valid.hours,
                                       participants: valid.participants, note: valid.note, author: user.id, createdAt: now, offering: offering?.id,
                                       meeting: valid.meeting, network: valid.network)
        var message: RequestMessage?
        if draft.sendToRequester, let offering {
            let link = (publicURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? "") + "/aanbod/\(offering.slug)"
            message = RequestMessage(id: dependencies.uuid(), request: id, author: user.id, authorOrganisation: user.organisation, isInternal: false,
                                     body: "\(offering.title)\n\(offering.summary)\n\(link)", createdAt: now)
        }
        try await requests.addActivity(activity, message: message,
                                       audit: actor.auditEvent(.requestActivity, objectType: "request", objectID: id.uppercasedText, at: now))
        return activity
    }

    /// The titles of the meetings `activities` name.
    package func meetingTitles(_ activities: [RequestActivity]) async throws -> [UUID: String] {
        var titles: [UUID: String] = [:]
        for id in Set(activities.compactMap(\.meeting)) {
            if let meeting = try await meetings.get(id) { titles[id] = meeting.title }
        }
        return titles
    }

    /// The names of the network register's entries `activities` introduced, for the unit
    /// only (the register is theirs); empty for everyone else.
    package func networkNames(_ activities: [RequestActivity], for user: User) async throws -> [UUID: String] {
        guard NetworkPolicy.mayUse(user) else { return [:] }
        var names: [UUID: String] = [:]
        for id in Set(activities.compactMap(\.network)) {
            if let entry = try await networks.get(id) { names[id] = entry.entry.name }
        }
        return names
    }

    /// The entries an introduction can name, for the unit (empty for everyone else).
    package func networkChoices(for user: User) async throws -> [NamedChoice] {
        NetworkPolicy.mayUse(user) ? try await networks.choices() : []
    }

    /// Meetings an activity can name: published ones from a year back to a month ahead, most recent first.
    package func meetingChoices() async throws -> [Meeting] {
        let now = dependencies.now()
        let page = try await meetings.list(MeetingScope(signedIn: true), from: now.addingTimeInterval(30 * 86_400), past: true, page: PageRequest(size: 200))
        return page.items.map(\.meeting).filter { $0.startsAt > now.addingTimeInterval(-365 * 86_400) }
    }

    /// The slugs of the offerings `activities` used.
    package func offeringSlugs(_ activities: [RequestActivity]) async throws -> [UUID: OfferingSlug] {
        var slugs: [UUID: OfferingSlug] = [:]
        for id in Set(activities.compactMap(\.offering)) {
            if let offering = try await offerings.get(id: id, reach: .unitOnly) { slugs[id] = offering.slug }
        }
        return slugs
    }

    /// The requester's feedback on a closed request, given once.
    package func giveFeedback(score: String, comment: String, on id: UUID, by user: User, actor: Actor) async throws -> RequestFeedback {
        guard let (request, _) = try await requests.get(id, scope: RequestPolicy.scope(for: user)) else { throw DomainError.notFound }
        guard RequestPolicy.isRequester(request, user: user) else { throw DomainError.forbidden }
        guard request.status == .closed else { throw DomainError.conflict("transition_not_allowed") }
        let valid = try RequestFeedback.validated(score: score, comment: comment, privacy: privacy)
        let now = dependencies.now()
        let feedback = RequestFeedback(request: id, score: valid.score, comment: valid.comment, author: user.id, createdAt: now)
        try await requests.addFeedback(feedback, audit: actor.auditEvent(.requestChanged, objectType: "request", objectID: id.uppercasedText, at: now))
        return feedback
    }

    /// Every organisation a request can be referred to, by kind then name.
    package func referralTargets() async throws -> [Organisation] {
        var targets: [Organisation] = []
        for kind in [OrganisationKind.expertiseUnit, .partner, .associationDesk, .helpdesk, .nationalGovernment] {
            targets += try await organisations.list(OrganisationFilter(kind: kind), page: PageRequest(size: PageRequest.maximumSize)).items
                .filter(RequestPolicy.isReferralTarget)
        }
        return targets
    }

    /// Where the routing rules propose to refer `request` (nil without a matching rule).
    package func proposal(for request: SupportRequest) async throws -> RoutingRule? {
        guard let kind = try await organisations.get(request.requester)?.kind else { return nil }
        return RoutingRule.proposal(for: request, requesterKind: kind, rules: try await routing.all())
    }

    /// The most rows one export holds.
    package static let exportLimit = 10_000

    /// The requests matching `filter` within what `user` may see, at most `exportLimit`, for
    /// a download; the export is audited with the number of rows.
    package func export(_ filter: RequestFilter, queue: WorkQueue? = nil, by user: User, actor: Actor) async throws -> [RequestListItem] {
        let scope = RequestPolicy.scope(for: user)
        guard scope != .none else { throw DomainError.forbidden }
        let filter = queue.map { filter.narrowed(to: $0, for: user) } ?? filter
        var items: [RequestListItem] = []
        var number = 1
        while items.count < Self.exportLimit {
            let page = try await requests.list(filter, scope: scope, page: PageRequest(number: number, size: PageRequest.maximumSize))
            items += page.items
            if !page.hasNext { break }
            number += 1
        }
        let rows = Array(items.prefix(Self.exportLimit))
        try await audit.append(actor.auditEvent(.requestsExported, objectType: "requests", objectID: String(rows.count), at: dependencies.now()))
        return rows
    }

    /// The targets of a request's needs (retired needs included: they still apply to it).
    package func targets(for request: SupportRequest) async throws -> DeadlineTargets {
        let all = try await needs.all(includeRetired: true)
        return DeadlineTargets(needs: all.filter { request.needs.contains($0.code) }, urgency: request.urgency)
    }
}
