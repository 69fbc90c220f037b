import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Learning circles (issue 19): the unit keeps circles and proposes them to municipalities
/// that named the same need; municipalities ask to join and answer invitations; members'
/// people and the unit use the circle's space, whose every read is audited. Who may do
/// what is `CirclePolicy`; a reader who may not see a circle gets not-found.
package struct CircleService: Sendable {
    package let store: CircleStore
    package let organisations: OrganisationStore
    package let offerings: OfferingStore
    package let needs: NeedStore
    package let audit: AuditStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard
    /// The quickscan, whose recent answers also name needs a circle can be proposed on.
    package var quickscan: QuickscanService?

    package init(store: CircleStore, organisations: OrganisationStore, offerings: OfferingStore, needs: NeedStore, audit: AuditStore,
                 dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.store = store
        self.organisations = organisations
        self.offerings = offerings
        self.needs = needs
        self.audit = audit
        self.dependencies = dependencies
        self.privacy = privacy
    }

    /// A circle as its reader sees it: the circle, the reader's organisation's membership,
    /// and whether the reader may use its space.
    package struct View: Sendable {
        package let circle: Circle
        package let membership: Membership?
        package let members: Int
        package let usesSpace: Bool
        package let keeps: Bool
    }

    // MARK: Circles

    /// Creates a circle (the unit); `invite` names the municipalities it is proposed to.
    package func create(_ draft: CircleDraft, invite: [String] = [], actor: Actor) async throws -> Circle {
        guard let user = actor.user, CirclePolicy.mayKeep(user) else { throw DomainError.forbidden }
        let (valid, invited) = try await validate(draft, invite: invite)
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await store.create(valid, id: id, by: user.id, at: now, invite: invited,
                                      audit: actor.auditEvent(.circleCreated, objectType: "circle", objectID: id.uppercasedText, at: now))
    }

    /// Saves a change made from `version` (nil: the current one).
    package func update(_ id: UUID, with draft: CircleDraft, version: Int?, actor: Actor) async throws -> Circle {
        let circle = try await kept(id, by: actor.user)
        let (valid, _) = try await validate(draft, invite: [])
        let now = dependencies.now()
        return try await store.update(id, with: valid, expectedVersion: version ?? circle.version, at: now,
                                      audit: actor.auditEvent(.circleChanged, objectType: "circle", objectID: id.uppercasedText, at: now))
    }

    /// Checks a draft and the organisations to invite (municipalities that exist) as a whole.
    func validate(_ draft: CircleDraft, invite: [String]) async throws -> (CircleDraft.Valid, [OrganisationID]) {
        let known = Set(try await needs.all().map(\.code))
        var (valid, problems) = try Validator.collect { () throws(DomainError) in try draft.validated(knownNeeds: known, privacy: privacy) }
        var invited: [OrganisationID] = []
        for text in invite.map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            guard let id = OrganisationID(text), let organisation = try await organisations.get(id), organisation.kind == .municipality else {
                problems.append(FieldError(field: "uitnodigen", code: "not_a_municipality"))
                break
            }
            if !invited.contains(id) { invited.append(id) }
        }
        guard problems.isEmpty, let valid else { throw DomainError.invalid(problems) }
        return (valid, invited)
    }

    /// One circle, if the reader may see it (otherwise not found).
    package func get(_ id: UUID, by user: User?) async throws -> View {
        guard let user, let circle = try await store.get(id) else { throw DomainError.notFound }
        let membership = try await store.membership(of: user.organisation, in: id)
        guard CirclePolicy.mayRead(circle, as: user, membership: membership?.state) else { throw DomainError.notFound }
        let members = try await store.memberships(of: id).filter { $0.membership.state == .member }.count
        return View(circle: circle, membership: membership, members: members,
                    usesSpace: CirclePolicy.mayUseSpace(as: user, membership: membership?.state), keeps: CirclePolicy.mayKeep(user))
    }

    /// The circles the reader sees, by title; `mine`: those the reader's organisation is in or invited to.
    package func list(by user: User?, mine: Bool = false, page: PageRequest) async throws -> Page<CircleListing> {
        guard let user, user.isActive else { throw DomainError.unauthenticated }
        return try await store.list(for: user.organisation, everything: CirclePolicy.mayKeep(user), mineOnly: mine, page: page)
    }

    /// The circles the reader's organisation is in, invited to or asked to join (its workspace).
    package func own(by user: User?) async throws -> [(circle: Circle, state: MembershipState)] {
        guard let user, user.isActive else { return [] }
        return try await store.memberships(of: user.organisation)
    }

    /// How many requests to join wait for the unit (its dashboard), nil for others.
    package func pendingRequests(by user: User?) async throws -> Int? {
        guard CirclePolicy.mayKeep(user) else { return nil }
        return try await store.pendingRequests()
    }

    // MARK: Memberships

    /// The reader's municipality asks to join, with a motivation (guarded).
    package func ask(_ circleID: UUID, motivation: String, actor: Actor) async throws -> Membership {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let motivation = try CircleText.motivation(motivation, privacy: privacy)
        let kind = try await organisations.get(user.organisation)?.kind
        let now = dependencies.now()
        return try await store.ask(circleID, for: user.organisation, motivation: motivation, by: user.id, unit: .expertiseUnit, at: now,
                                   check: { circle, membership in
            guard CirclePolicy.mayRead(circle, as: user, membership: membership?.state) else { throw DomainError.notFound }
            if let refusal = CirclePolicy.refusal(toAsk: user, kind: kind, circle: circle, membership: membership?.state) {
                if refusal == "not_a_municipality" { throw DomainError.forbidden }
                throw DomainError.conflict(refusal)
            }
        }, audit: actor.auditEvent(.circleJoinRequested, objectType: "circle", objectID: "\(circleID.uppercasedText)/\(user.organisation.rawValue)", at: now))
    }

    /// The unit invites municipalities (those not already asked, invited or members).
    package func invite(_ texts: [String], to circleID: UUID, actor: Actor) async throws -> [OrganisationID] {
        _ = try await kept(circleID, by: actor.user)
        var invited: [OrganisationID] = []
        for text in texts.map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            guard let id = OrganisationID(text), let organisation = try await organisations.get(id), organisation.kind == .municipality else {
                throw DomainError.invalid([FieldError(field: "uitnodigen", code: "not_a_municipality")])
            }
            invited.append(id)
        }
        guard !invited.isEmpty else { throw DomainError.invalid([FieldError(field: "uitnodigen", code: "required")]) }
        let now = dependencies.now()
        guard let user = actor.user else { throw DomainError.unauthenticated }
        return try await store.invite(invited, to: circleID, by: user.id, at: now) { organisation in
            actor.auditEvent(.circleInvited, objectType: "circle", objectID: "\(circleID.uppercasedText)/\(organisation.rawValue)", at: now)
        }
    }

    /// What may happen to a membership, and by whom.
    package enum Decision: String, Sendable, CaseIterable {
        /// The unit admits a municipality that asked.
        case admit = "toelaten"
        /// The unit refuses a request (with a reason).
        case refuse = "afwijzen"
        /// The municipality accepts an invitation.
        case accept = "accepteren"
        /// The municipality declines an invitation.
        case decline = "weigeren"
        /// The municipality leaves, or the unit ends a membership (with a reason).
        case end = "beeindigen"
    }

    /// Applies `decision` to `organisation`'s membership of `circleID`: the unit admits,
    /// refuses (reason required) or ends (reason required) a membership; the municipality's
    /// officials accept or decline an invitation, or leave. The other side hears of it.
    package func decide(_ decision: Decision, circle circleID: UUID, organisation: OrganisationID, reason: String, actor: Actor) async throws -> Membership {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let keeps = CirclePolicy.mayKeep(user)
        let own = CirclePolicy.mayAnswerFor(organisation, as: user)
        let needsReason = keeps && (decision == .refuse || decision == .end)
        let reason = try CircleText.reason(reason, required: needsReason, privacy: privacy)
        let (from, to): ([MembershipState], MembershipState) = switch decision {
        case .admit: ([.requested], .member)
        case .refuse: ([.requested], .declined)
        case .accept: ([.invited], .member)
        case .decline: ([.invited], .declined)
        case .end: ([.member, .requested], .left)
        }
        let byUnit: Bool = switch decision {
        case .admit, .refuse: true
        case .accept, .decline: false
        case .end: !own
        }
        let notice = byUnit ? RequestNotice(.circleDecision, .requester(organisation)) : RequestNotice(.circleDecision, .staff(.expertiseUnit))
        let now = dependencies.now()
        return try await store.move(circleID, organisation: organisation, to: to, reason: reason, by: user.id, tell: notice, at: now, check: { circle, membership in
            guard CirclePolicy.mayRead(circle, as: user, membership: own ? membership.state : nil) || keeps else { throw DomainError.notFound }
            guard byUnit ? keeps : own else { throw keeps || own ? DomainError.forbidden : DomainError.notFound }
            guard from.contains(membership.state) else { throw DomainError.conflict("membership_already_decided") }
        }, audit: actor.auditEvent(.circleMembershipDecided, objectType: "circle", objectID: "\(circleID.uppercasedText)/\(organisation.rawValue)", at: now))
    }

    /// Municipalities that named one of the circle's needs, in the unit's requests of the
    /// last two years or in their answers to one of the last three quickscan rounds, and are
    /// not yet asked, invited or members: whom to propose it to. Requests first (most first),
    /// then those named in the quickscan only, by name.
    package func candidates(for circleID: UUID, by user: User?) async throws -> [CircleCandidate] {
        let circle = try await kept(circleID, by: user)
        let taken = Set(try await store.memberships(of: circleID).filter { !$0.membership.state.isOpenToAsk }.map(\.membership.organisation))
        let since = dependencies.now().addingTimeInterval(-2 * 365 * 86_400)
        var found = try await store.candidates(needs: circle.needs, party: user?.organisation ?? .expertiseUnit, since: since)
        if let quickscan, QuickscanPolicy.mayFollowRounds(user) {
            var fromQuickscan: [OrganisationID: String] = [:]
            for summary in try await quickscan.rounds.list().prefix(3) {
                for item in try await quickscan.followUps(summary.round.id, by: user).items
                where !Set(item.proposal.namedNeeds).isDisjoint(with: circle.needs) {
                    if let id = OrganisationID(item.municipality.code.rawValue) { fromQuickscan[id] = item.municipality.name }
                }
            }
            for index in found.indices where fromQuickscan[found[index].organisation] != nil {
                found[index].quickscan = true
                fromQuickscan[found[index].organisation] = nil
            }
            found += fromQuickscan.map { CircleCandidate(organisation: $0.key, name: $0.value, requests: 0, quickscan: true) }.sorted { $0.name < $1.name }
        }
        return found.filter { !taken.contains($0.organisation) }
    }

    // MARK: The space

    /// The members and everyone who asked or was invited, for the unit and the members; each
    /// read audited (it says which municipalities work on what).
    package func memberships(of circleID: UUID, actor: Actor) async throws -> [MemberLine] {
        _ = try await space(circleID, by: actor.user)
        let lines = try await store.memberships(of: circleID)
        let keeps = CirclePolicy.mayKeep(actor.user)
        try await audit.append(actor.auditEvent(.circleSpaceRead, objectType: "circle", objectID: circleID.uppercasedText, at: dependencies.now()))
        // Members see who the members are, not who asked or declined.
        return keeps ? lines : lines.filter { $0.membership.state == .member }
    }

    /// The space's notes, newest first, for the unit and the members; each read audited.
    package func notes(of circleID: UUID, actor: Actor) async throws -> [NoteLine] {
        _ = try await space(circleID, by: actor.user)
        let notes = try await store.notes(of: circleID)
        try await audit.append(actor.auditEvent(.circleSpaceRead, objectType: "circle", objectID: circleID.uppercasedText, at: dependencies.now()))
        return notes
    }

    /// Adds a note or a lesson learned to the space (members and the unit; not to a closed circle).
    package func addNote(kind: String, text: String, to circleID: UUID, actor: Actor) async throws -> CircleNote {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        _ = try await space(circleID, by: user)
        let (kind, text) = try CircleText.note(kind: kind, text: text, privacy: privacy)
        let now = dependencies.now()
        let note = CircleNote(id: dependencies.uuid(), circle: circleID, kind: kind, text: text, author: user.id, organisation: user.organisation, createdAt: now)
        try await store.addNote(note, check: { circle in
            if circle.status == .closed { throw DomainError.conflict("circle_closed") }
        }, audit: actor.auditEvent(.circleNoteAdded, objectType: "circle", objectID: circleID.uppercasedText, at: now))
        return note
    }

    /// Saves the circle's results: offerings every signed-in reader can read, in order.
    package func saveResults(_ texts: [String], of circleID: UUID, actor: Actor) async throws -> [UUID] {
        _ = try await kept(circleID, by: actor.user)
        var ids: [UUID] = []
        for text in texts.map({ $0.trimmingCharacters(in: .whitespaces) }) where !text.isEmpty {
            guard let id = UUID(text: text), try await offerings.get(id: id, reach: .signedIn) != nil else {
                throw DomainError.invalid([FieldError(field: "resultaten", code: "result_not_readable")])
            }
            if !ids.contains(id) { ids.append(id) }
        }
        let now = dependencies.now()
        try await store.saveResults(ids, of: circleID, at: now,
                                    audit: actor.auditEvent(.circleResultsSaved, objectType: "circle", objectID: circleID.uppercasedText, at: now))
        return ids
    }

    /// The offerings a circle's results may link: those every signed-in reader can read.
    package func resultChoices() async throws -> [Offering] {
        try await offerings.search(OfferingFilter(), reach: .signedIn, page: PageRequest(size: 200)).items
    }

    /// The circle's results as the reader may read them, in order.
    package func results(of circleID: UUID, for user: User?) async throws -> [Offering] {
        _ = try await get(circleID, by: user)
        var found: [Offering] = []
        for id in try await store.results(of: circleID) {
            if let offering = try await offerings.get(id: id, reach: ToolboxPolicy.reach(of: user)) { found.append(offering) }
        }
        return found
    }

    /// The circle's sessions, for those who may read the circle.
    package func sessions(of circleID: UUID, by user: User?) async throws -> [Meeting] {
        _ = try await get(circleID, by: user)
        return try await store.sessions(of: circleID).filter { MeetingPolicy.mayRead($0, as: user) }
    }

    /// The circle, when `user` keeps circles: not found for those who may not read it, forbidden for readers.
    func kept(_ id: UUID, by user: User?) async throws -> Circle {
        let view = try await get(id, by: user)
        guard view.keeps else { throw DomainError.forbidden }
        return view.circle
    }

    /// The circle, when `user` may use its space: not found for a proposed circle one may not
    /// see, forbidden for readers who are not members.
    func space(_ id: UUID, by user: User?) async throws -> Circle {
        let view = try await get(id, by: user)
        guard view.usesSpace else { throw DomainError.forbidden }
        return view.circle
    }
}
