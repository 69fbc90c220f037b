import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Meetings as organisers keep them and people register for them (issue 19): creating and
/// changing meetings (the unit, and the national desks for their own organisation),
/// reading within the reader's reach, registering oneself (a place or the waiting list),
/// cancelling until the deadline, and accepting or declining a place offered from the
/// waiting list. Changes are audited; every registration change is in its history.
package struct MeetingService: Sendable {
    package let store: MeetingStore
    package let organisations: OrganisationStore
    package let municipalities: MunicipalityStore
    package let offerings: OfferingStore
    package let feeds: CalendarFeedStore
    package let audit: AuditStore
    package let dependencies: Dependencies
    package let privacy: PrivacyGuard

    package init(store: MeetingStore, organisations: OrganisationStore, municipalities: MunicipalityStore, offerings: OfferingStore,
                 feeds: CalendarFeedStore, audit: AuditStore, dependencies: Dependencies, privacy: PrivacyGuard = .standard) {
        self.store = store
        self.feeds = feeds
        self.organisations = organisations
        self.municipalities = municipalities
        self.offerings = offerings
        self.audit = audit
        self.dependencies = dependencies
        self.privacy = privacy
    }

    // MARK: Meetings

    package func create(_ draft: MeetingDraft, actor: Actor) async throws -> Meeting {
        guard let user = actor.user, MeetingPolicy.mayOrganise(user) else { throw DomainError.forbidden }
        let valid = try await validate(draft)
        guard MeetingPolicy.mayCreate(for: valid.organiser, as: user) else {
            throw DomainError.invalid([FieldError(field: "organisator", code: "not_your_organisation")])
        }
        // A circle's sessions are planned by those who keep circles (the unit).
        if valid.circle != nil, !CirclePolicy.mayKeep(user) { throw DomainError.invalid([FieldError(field: "leerkring", code: "not_your_circle")]) }
        let id = dependencies.uuid()
        let now = dependencies.now()
        return try await store.create(valid, id: id, by: user.id, at: now,
                                      audit: actor.auditEvent(.meetingCreated, objectType: "meeting", objectID: id.uppercasedText, at: now))
    }

    /// Saves a change made from `version` (nil: the current one); `conflict("meeting_changed")`
    /// when someone saved in between.
    package func update(_ id: UUID, with draft: MeetingDraft, version: Int?, actor: Actor) async throws -> Meeting {
        guard let meeting = try await store.get(id), MeetingPolicy.mayRead(meeting, as: actor.user) else { throw DomainError.notFound }
        guard MeetingPolicy.mayManage(meeting, as: actor.user) else { throw DomainError.forbidden }
        let valid = try await validate(draft)
        if valid.organiser != meeting.organiser, !MeetingPolicy.mayCreate(for: valid.organiser, as: actor.user) {
            throw DomainError.invalid([FieldError(field: "organisator", code: "not_your_organisation")])
        }
        if valid.circle != meeting.circle, !CirclePolicy.mayKeep(actor.user) {
            throw DomainError.invalid([FieldError(field: "leerkring", code: "not_your_circle")])
        }
        let now = dependencies.now()
        return try await store.update(id, with: valid, expectedVersion: version ?? meeting.version, at: now,
                                      audit: actor.auditEvent(.meetingChanged, objectType: "meeting", objectID: id.uppercasedText, at: now))
    }

    /// Checks a draft as a whole: its own fields, then that the organiser and the municipalities exist.
    func validate(_ draft: MeetingDraft) async throws -> MeetingDraft.Valid {
        var (valid, problems) = try Validator.collect { () throws(DomainError) in try draft.validated(privacy: privacy) }
        if let id = OrganisationID(draft.organiser.trimmingCharacters(in: .whitespaces)), try await organisations.get(id) == nil {
            problems.append(FieldError(field: "organisator", code: "unknown_organisation"))
        }
        if let circle = UUID(text: draft.circle.trimmingCharacters(in: .whitespaces)), try await !store.circleExists(circle) {
            problems.append(FieldError(field: "leerkring", code: "unknown_circle"))
        }
        for text in draft.municipalities {
            if let code = MunicipalityCode(text.trimmingCharacters(in: .whitespaces)), try await municipalities.get(code) == nil {
                problems.append(FieldError(field: "gemeenten", code: "unknown_municipality"))
                break
            }
        }
        guard problems.isEmpty, let valid else { throw DomainError.invalid(problems) }
        return valid
    }

    /// One meeting with its places, if the reader may see it (otherwise not found).
    package func get(_ id: UUID, by user: User?) async throws -> MeetingListing {
        guard let meeting = try await store.get(id), MeetingPolicy.mayRead(meeting, as: user) else { throw DomainError.notFound }
        let seating = try await store.seating(of: [meeting])[meeting.id] ?? Seating(capacity: meeting.capacity, taken: 0, waiting: 0)
        return MeetingListing(meeting: meeting, seating: seating)
    }

    /// The name of a meeting's organiser, as people read it.
    package func organiserName(of meeting: Meeting) async throws -> String {
        try await organisations.get(meeting.organiser)?.name ?? meeting.organiser.rawValue
    }

    /// The organisations `user` may name as a meeting's organiser (the kinds that organise;
    /// the unit any of them, a desk its own).
    package func organiserChoices(for user: User?) async throws -> [NamedChoice] {
        try await organisations.choices(kinds: [.nationalGovernment, .expertiseUnit, .associationDesk, .helpdesk])
            .filter { choice in OrganisationID(choice.id).map { MeetingPolicy.mayCreate(for: $0, as: user) } ?? false }
    }

    /// Meetings the reader may see that have not ended, soonest first.
    package func upcoming(by user: User?, page: PageRequest) async throws -> Page<MeetingListing> {
        try await store.list(MeetingScope.of(user), from: dependencies.now(), page: page)
    }

    /// Meetings the reader may see that have ended, the most recent first (their reports).
    package func past(by user: User?, page: PageRequest) async throws -> Page<MeetingListing> {
        try await store.list(MeetingScope.of(user), from: dependencies.now(), past: true, page: page)
    }

    // MARK: Calendars

    /// One meeting as an iCalendar file for the reader (the online link only for people with
    /// a place); `page` gives a meeting's address for the event's `URL`.
    package func calendar(_ id: UUID, by user: User?, page: @Sendable (UUID) -> String?) async throws -> String {
        let meeting = try await get(id, by: user).meeting
        let mine = try await mine(for: id, by: user)
        let entry = MeetingCalendar.Entry(meeting: meeting, page: page(meeting.id),
                                          showsOnlineLink: MeetingPolicy.showsOnlineLink(meeting, to: user, registration: mine?.registration.state))
        return MeetingCalendar.calendar([entry], stamp: dependencies.now())
    }

    /// The public meetings as a feed calendar clients subscribe to without signing in: those
    /// not ended more than 30 days ago, cancelled ones kept (as cancelled), at most 500.
    package func publicFeed(name: String, page: @Sendable (UUID) -> String?) async throws -> String {
        let now = dependencies.now()
        let meetings = try await store.list(MeetingScope(signedIn: false), from: now.addingTimeInterval(-30 * 86_400), page: PageRequest(size: 500))
        let entries = meetings.items.map { MeetingCalendar.Entry(meeting: $0.meeting, page: page($0.meeting.id), showsOnlineLink: false) }
        return MeetingCalendar.calendar(entries, name: name, stamp: now)
    }

    // MARK: Registrations

    /// Registers the signed-in user for themselves, with the colleagues of their
    /// organisation they name (a group entry): places when there are enough and nobody
    /// waits, otherwise the waiting list, together. Refused while registration is not open,
    /// for an organisation outside the audience or region, twice, and past the limit per
    /// organisation.
    package func register(for meetingID: UUID, _ draft: RegistrationDraft, actor: Actor) async throws -> Registration {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let (needs, colleagues) = try draft.validated(privacy: privacy)
        guard let organisation = try await organisations.get(user.organisation) else { throw DomainError.forbidden }
        let municipality = organisation.municipality
        let province: Province? = if let municipality { try await municipalities.get(municipality)?.province } else { nil }
        let id = dependencies.uuid()
        let now = dependencies.now()
        // A circle's session: whether the organisation is a member (read before the meeting's
        // lock; a membership decided in the same instant counts from the next registration).
        let circle = try await store.get(meetingID)?.circle
        let memberOf: UUID? = if let circle, try await store.isCircleMember(user.organisation, of: circle) { circle } else { nil }
        return try await store.register(for: meetingID, person: user.id, organisation: user.organisation, needs: needs, colleagues: colleagues, id: id,
                                        at: now, check: { meeting, seating in
            let member = meeting.circle != nil && memberOf == meeting.circle
            if let refusal = MeetingPolicy.refusal(toRegister: user, kind: organisation.kind, municipality: municipality, province: province,
                                                   circleMember: member, for: meeting) {
                if refusal == "not_found" { throw DomainError.notFound }
                throw DomainError.conflict(refusal)
            }
            switch meeting.state(at: now, taken: seating.taken, waiting: seating.waiting) {
            case .open, .full: return
            case .notYetOpen: throw DomainError.conflict("registration_not_yet_open")
            case .cancelled: throw DomainError.conflict("meeting_cancelled")
            default: throw DomainError.conflict("registration_closed")
            }
        }, audit: actor.auditEvent(.registrationCreated, objectType: "meeting_registration", objectID: id.uppercasedText, at: now))
    }

    /// Cancels one's own registration (until the meeting's cancellation deadline; a place
    /// on the waiting list or an offer may be given up until the start), or any
    /// registration as the meeting's keeper, with a reason. A freed place goes to the first person waiting.
    package func cancel(_ registrationID: UUID, reason: String = "", actor: Actor) async throws -> Registration {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        var v = Validator()
        let reason = v.text(reason, field: "reden", max: 500, required: false)
        privacy.check(reason, field: "reden", into: &v)
        try v.finish()
        let now = dependencies.now()
        return try await store.move(registrationID, to: .cancelled, actor: user.id, reason: reason.isEmpty ? "cancelled" : reason, at: now, check: { registration, meeting in
            let keeper = MeetingPolicy.mayManage(meeting, as: user)
            guard registration.person == user.id || keeper else { throw DomainError.notFound }
            if !keeper {
                let deadline = registration.state == .confirmed ? meeting.cancellationDeadline : meeting.startsAt
                if now >= deadline { throw DomainError.conflict("cancellation_deadline_passed") }
            } else if registration.person != user.id, reason.isEmpty {
                throw DomainError.invalid([FieldError(field: "reden", code: "required")])
            }
        }, audit: actor.auditEvent(.registrationCancelled, objectType: "meeting_registration", objectID: registrationID.uppercasedText, at: now))
    }

    /// Moves a waiting registration (with its group) to the front of the waiting list: the
    /// organiser's change of priority, with a reason (required, guarded), kept in the history.
    package func prioritise(_ registrationID: UUID, reason: String, actor: Actor) async throws -> Registration {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        var v = Validator()
        let reason = v.text(reason, field: "reden", max: 500, required: true)
        privacy.check(reason, field: "reden", into: &v)
        try v.finish()
        let now = dependencies.now()
        return try await store.prioritise(registrationID, reason: reason, actor: user.id, at: now, check: { _, meeting in
            guard MeetingPolicy.mayRead(meeting, as: user) else { throw DomainError.notFound }
            guard MeetingPolicy.mayManage(meeting, as: user) else { throw DomainError.forbidden }
        }, audit: actor.auditEvent(.registrationPrioritised, objectType: "meeting_registration", objectID: registrationID.uppercasedText, at: now))
    }

    /// Takes the place offered from the waiting list (before the offer expires).
    package func accept(_ registrationID: UUID, actor: Actor) async throws -> Registration {
        try await answerOffer(registrationID, accepting: true, actor: actor)
    }

    /// Gives the offered place up: it goes to the next person waiting.
    package func decline(_ registrationID: UUID, actor: Actor) async throws -> Registration {
        try await answerOffer(registrationID, accepting: false, actor: actor)
    }

    private func answerOffer(_ registrationID: UUID, accepting: Bool, actor: Actor) async throws -> Registration {
        guard let user = actor.user else { throw DomainError.unauthenticated }
        let now = dependencies.now()
        return try await store.move(registrationID, to: accepting ? .confirmed : .cancelled, actor: user.id,
                                    reason: accepting ? "offer accepted" : "offer declined", at: now, check: { registration, _ in
            guard registration.person == user.id else { throw DomainError.notFound }
            guard registration.state == .offered, let expiry = registration.offerExpiresAt, now < expiry else { throw DomainError.conflict("no_open_offer") }
        }, audit: actor.auditEvent(accepting ? .registrationAccepted : .registrationDeclined, objectType: "meeting_registration",
                                   objectID: registrationID.uppercasedText, at: now))
    }

    /// A meeting's registrations in arrival order with names, for its keepers. Each read is
    /// audited: the list names people and their needs, which may touch on health.
    package func registrations(for meetingID: UUID, actor: Actor) async throws -> [RegistrationLine] {
        _ = try await kept(meetingID, by: actor.user)
        let lines = try await store.lines(for: meetingID)
        try await audit.append(actor.auditEvent(.registrationsRead, objectType: "meeting", objectID: meetingID.uppercasedText, at: dependencies.now()))
        return lines
    }

    /// One registration, for its person and the meeting's keepers, with its place on the waiting list.
    package func registration(_ id: UUID, of meetingID: UUID, by user: User?) async throws -> (registration: Registration, waitingRank: Int?) {
        guard let user, let registration = try await store.registration(id), registration.meeting == meetingID,
              let meeting = try await store.get(meetingID) else { throw DomainError.notFound }
        guard registration.person == user.id || MeetingPolicy.mayManage(meeting, as: user) else { throw DomainError.notFound }
        return (registration, try await store.waitingRank(of: registration))
    }

    /// The caller's own active registration for a meeting with its place on the waiting list, if any.
    package func mine(for meetingID: UUID, by user: User?) async throws -> (registration: Registration, waitingRank: Int?)? {
        guard let user, let registration = try await store.registration(of: user.id, for: meetingID) else { return nil }
        return (registration, try await store.waitingRank(of: registration))
    }
}
