import Foundation
import SQLKit
import SteunpuntDomain

/// Which meetings a reader's lists hold: published ones by visibility, and drafts to
/// those who keep them (the unit all, a desk its organisation's).
public struct MeetingScope: Sendable, Equatable {
    /// Signed in (reads meetings for signed-in users), or a visitor (public ones only).
    public let signedIn: Bool
    /// Drafts of this organisation are included (its organisers).
    public let draftsOf: OrganisationID?
    /// Every draft is included (the unit).
    public let allDrafts: Bool

    public init(signedIn: Bool, draftsOf: OrganisationID? = nil, allDrafts: Bool = false) {
        self.signedIn = signedIn
        self.draftsOf = draftsOf
        self.allDrafts = allDrafts
    }

    public static func of(_ user: User?) -> MeetingScope {
        guard let user else { return MeetingScope(signedIn: false) }
        let unit = user.role == .unitAdvisor || user.role == .unitCoordinator
        return MeetingScope(signedIn: true, draftsOf: MeetingPolicy.mayOrganise(user) ? user.organisation : nil, allDrafts: unit && user.isActive)
    }
}

/// A meeting with its places at the moment it was read.
public struct MeetingListing: Sendable, Equatable {
    public let meeting: Meeting
    public let seating: Seating

    public init(meeting: Meeting, seating: Seating) {
        self.meeting = meeting
        self.seating = seating
    }
}

/// Meetings and their registrations. A registration, a cancellation, an offer accepted
/// or passed on, and a change of capacity each run in one transaction that first locks the
/// meeting's row (PostgreSQL `FOR UPDATE`; SQLite has one writer), so places are counted
/// and taken by one writer at a time: capacity is never exceeded and the waiting list
/// keeps arrival order however many register at once. Every change of a registration is
/// written to its append-only history.
public struct MeetingStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    // MARK: Meetings

    public func create(_ valid: MeetingDraft.Valid, id: UUID, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> Meeting {
        let meeting = Meeting(id: id, kind: valid.kind, title: valid.title, description: valid.description, organiser: valid.organiser,
                              provinces: valid.provinces, municipalities: valid.municipalities, audience: valid.audience, venue: valid.venue,
                              onlineLink: valid.onlineLink, startsAt: valid.startsAt, endsAt: valid.endsAt, capacity: valid.capacity,
                              perOrganisation: valid.perOrganisation, registrationOpensAt: valid.registrationOpensAt,
                              registrationClosesAt: valid.registrationClosesAt, cancellationDeadline: valid.cancellationDeadline,
                              offerHoldHours: valid.offerHoldHours, visibility: valid.visibility, status: valid.status,
                              createdBy: user, createdAt: now, updatedAt: now, circle: valid.circle)
        let engine = database.engine
        try await database.transaction { db in
            try await db.insert(into: "meetings").columns(Self.columns).values(Self.values(meeting)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
        return meeting
    }

    /// Saves a change made from `expectedVersion`; refused with `conflict("meeting_changed")`
    /// when someone saved in between. A change a calendar must show raises `sequence`; more
    /// places are offered to the people waiting, in the same transaction.
    public func update(_ id: UUID, with valid: MeetingDraft.Valid, expectedVersion: Int, at now: Date, audit: AuditEvent? = nil) async throws -> Meeting {
        let engine = database.engine
        return try await database.transaction { db in
            guard let old = try await Self.lock(id, on: db, engine: engine) else { throw DomainError.notFound }
            guard old.version == expectedVersion else { throw DomainError.conflict("meeting_changed") }
            var meeting = old
            meeting.kind = valid.kind
            meeting.title = valid.title
            meeting.description = valid.description
            meeting.organiser = valid.organiser
            meeting.provinces = valid.provinces
            meeting.municipalities = valid.municipalities
            meeting.audience = valid.audience
            meeting.venue = valid.venue
            meeting.onlineLink = valid.onlineLink
            meeting.startsAt = valid.startsAt
            meeting.endsAt = valid.endsAt
            meeting.capacity = valid.capacity
            meeting.perOrganisation = valid.perOrganisation
            meeting.registrationOpensAt = valid.registrationOpensAt
            meeting.registrationClosesAt = valid.registrationClosesAt
            meeting.cancellationDeadline = valid.cancellationDeadline
            meeting.offerHoldHours = valid.offerHoldHours
            meeting.visibility = valid.visibility
            meeting.status = valid.status
            meeting.circle = valid.circle
            meeting.version = old.version + 1
            meeting.sequence = old.sequence + (meeting.changesCalendar(from: old) ? 1 : 0)
            meeting.updatedAt = now
            var update = db.update("meetings")
            for (column, value) in zip(Self.columns, Self.values(meeting)) where column != "id" && column != "created_by" && column != "created_at" {
                update = update.set(SQLIdentifier(column), to: value)
            }
            try await update.where("id", .equal, id.uppercasedText).run()
            if meeting.startsAt != old.startsAt || meeting.status != old.status { try await Self.refreshReach(of: meeting, on: db) }
            if meeting.capacity > old.capacity, meeting.status == .open {
                try await Self.offerFreedPlaces(of: meeting, at: now, on: db)
            }
            if meeting.status == .cancelled && old.status != .cancelled {
                try await Self.tellRegistrants(.meetingCancelled, of: meeting, actor: audit?.actor, at: now, on: db)
            } else if meeting.sequence != old.sequence, meeting.status.isPublished {
                try await Self.tellRegistrants(.meetingChanged, of: meeting, actor: audit?.actor, at: now, on: db)
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return meeting
        }
    }

    /// Whether `organisation` is a member of the learning circle `circle` (whose sessions are for its members).
    public func isCircleMember(_ organisation: OrganisationID, of circle: UUID) async throws -> Bool {
        try await database.sql.select().column("state").from("circle_members").where("circle_id", .equal, circle.uppercasedText)
            .where("organisation_id", .equal, organisation.rawValue).first()?.decode(column: "state", as: String.self) == MembershipState.member.rawValue
    }

    /// The learning circles a session can belong to (those not closed), by title.
    public func circleChoices() async throws -> [NamedChoice] {
        try await database.sql.select().columns("id", "title").from("circles").where("status", .notEqual, CircleStatus.closed.rawValue)
            .orderBy("title").all().map { NamedChoice(id: try $0.decode(column: "id", as: String.self), name: try $0.decode(column: "title", as: String.self)) }
    }

    public func circleExists(_ circle: UUID) async throws -> Bool {
        try await database.sql.select().column("id").from("circles").where("id", .equal, circle.uppercasedText).first() != nil
    }

    public func get(_ id: UUID) async throws -> Meeting? {
        try await database.sql.select().column("*").from("meetings").where("id", .equal, id.uppercasedText).first().map(Self.decode)
    }

    /// Meetings in `scope` ending at or after `from`, soonest first, with their places; with
    /// `past`, those that ended before `from`, the most recent first.
    public func list(_ scope: MeetingScope, from: Date, past: Bool = false, page: PageRequest) async throws -> Page<MeetingListing> {
        func scoped(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            query.where("ends_at", past ? .lessThan : .greaterThanOrEqual, SQLBind(from)).where(group: { outer in
                outer.where(group: { published in
                    let visible = published.where("status", .notEqual, MeetingStatus.draft.rawValue)
                    return scope.signedIn ? visible : visible.where("visibility", .equal, Visibility.publicAccess.rawValue)
                }).orWhere(group: { drafts in
                    let own = drafts.where("status", .equal, MeetingStatus.draft.rawValue)
                    if scope.allDrafts { return own }
                    if let organisation = scope.draftsOf { return own.where("organiser_id", .equal, organisation.rawValue) }
                    return own.where(SQLLiteral.boolean(false))
                })
            })
        }
        let (rows, total) = try await CountedPage.read(
            rows: scoped(database.sql.select().column("*").from("meetings"))
                .orderBy("starts_at", past ? .descending : .ascending).orderBy("id").limit(page.size).offset(page.offset),
            count: scoped(database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("meetings")))
        let meetings = try rows.map(Self.decode)
        let seats = try await seating(of: meetings)
        return Page(items: meetings.map { MeetingListing(meeting: $0, seating: seats[$0.id] ?? Seating(capacity: $0.capacity, taken: 0, waiting: 0)) },
                    total: total, request: page)
    }

    /// The places of each of `meetings`, in one query.
    public func seating(of meetings: [Meeting]) async throws -> [UUID: Seating] {
        guard !meetings.isEmpty else { return [:] }
        let rows = try await database.sql.select().column("meeting_id").column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("meeting_registrations").where("meeting_id", .in, meetings.map { $0.id.uppercasedText })
            .where("state", .in, [RegistrationState.confirmed.rawValue, RegistrationState.offered.rawValue, RegistrationState.waiting.rawValue])
            .groupBy("meeting_id").groupBy("state").all()
        var result = Dictionary(uniqueKeysWithValues: meetings.map { ($0.id, Seating(capacity: $0.capacity, taken: 0, waiting: 0)) })
        for row in rows {
            guard let id = UUID(text: try row.decode(column: "meeting_id", as: String.self)),
                  let state = RegistrationState(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
            let count = try row.decode(column: "n", as: Int.self)
            if state.takesPlace { result[id]?.taken += count } else { result[id]?.waiting += count }
        }
        return result
    }

    // MARK: Registrations

    /// Registers `person` of `organisation`, with the colleagues of that organisation named
    /// by their e-mail addresses (a group entry): places for all when there are enough and
    /// nobody waits, otherwise the end of the waiting list, together, in consecutive
    /// positions. `check` decides, with the meeting as locked, whether registering is
    /// allowed (window, status, audience) and throws when not. Refused with
    /// `conflict("already_registered")` when the person has an active registration,
    /// `invalid` on `collegas` for a colleague who is not an active person of the
    /// organisation or is registered already, `conflict("organisation_limit_reached")` past
    /// the limit per organisation. Returns the person's own registration.
    public func register(for meetingID: UUID, person: UUID, organisation: OrganisationID, needs: String, colleagues: [String] = [], id: UUID,
                         at now: Date, check: @escaping @Sendable (Meeting, Seating) throws -> Void, audit: AuditEvent? = nil) async throws -> Registration {
        let engine = database.engine
        return try await database.transaction { db in
            guard let meeting = try await Self.lock(meetingID, on: db, engine: engine) else { throw DomainError.notFound }
            let seating = try await Self.seating(of: meeting, on: db)
            try check(meeting, seating)
            var people = [person]
            if !colleagues.isEmpty {
                let found = try await db.select().column("id").column("email").from("users").where("email", .in, colleagues)
                    .where("organisation_id", .equal, organisation.rawValue).where("is_active", .equal, true).all()
                var byEmail: [String: UUID] = [:]
                for row in found { byEmail[try row.decode(column: "email", as: String.self)] = UUID(text: try row.decode(column: "id", as: String.self)) }
                for email in colleagues {
                    // Someone of another organisation is not found either: the form does not tell who exists elsewhere.
                    guard let colleague = byEmail[email], colleague != person else {
                        throw DomainError.invalid([FieldError(field: "collegas", code: "colleague_not_found")])
                    }
                    if !people.contains(colleague) { people.append(colleague) }
                }
            }
            let active = try await db.select().column("person_id").from("meeting_registrations").where("meeting_id", .equal, meetingID.uppercasedText)
                .where("person_id", .in, people.map(\.uppercasedText)).where("state", .in, Self.activeStates).all()
                .compactMap { UUID(text: try $0.decode(column: "person_id", as: String.self)) }
            if active.contains(person) { throw DomainError.conflict("already_registered") }
            if !active.isEmpty { throw DomainError.invalid([FieldError(field: "collegas", code: "colleague_already_registered")]) }
            if let limit = meeting.perOrganisation {
                let held = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("meeting_registrations")
                    .where("meeting_id", .equal, meetingID.uppercasedText).where("organisation_id", .equal, organisation.rawValue)
                    .where("state", .in, Self.activeStates).first()?.decode(column: "n", as: Int.self) ?? 0
                if held + people.count > limit { throw DomainError.conflict("organisation_limit_reached") }
            }
            let last = try await db.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "p").from("meeting_registrations")
                .where("meeting_id", .equal, meetingID.uppercasedText).first()
            let first = (try last.flatMap { try $0.decodeNil(column: "p") ? nil : try $0.decode(column: "p", as: Int.self) } ?? 0) + 1
            let state = seating.newcomers(people.count)
            let group: UUID? = people.count > 1 ? id : nil
            var own: Registration?
            for (index, member) in people.enumerated() {
                let registration = Registration(id: index == 0 ? id : UUID(), meeting: meetingID, person: member, organisation: organisation,
                                                needs: index == 0 ? needs : "", state: state, position: first + index, createdAt: now, changedAt: now,
                                                group: group)
                try await db.insert(into: "meeting_registrations")
                    .columns("id", "meeting_id", "person_id", "organisation_id", "needs", "state", "position", "offer_expires_at", "created_at",
                             "changed_at", "group_id")
                    .values(SQLBind(registration.id.uppercasedText), SQLBind(meetingID.uppercasedText), SQLBind(member.uppercasedText),
                            SQLBind(organisation.rawValue), SQLBind(registration.needs), SQLBind(state.rawValue), SQLBind(registration.position),
                            SQLLiteral.null, SQLBind(now), SQLBind(now), group.map { SQLBind($0.uppercasedText) as any SQLExpression } ?? SQLLiteral.null)
                    .run()
                try await Self.history(registration.id, from: nil, to: state, actor: person,
                                       reason: index == 0 ? (group == nil ? "registered" : "registered with \(people.count - 1) colleague(s)") : "registered by a colleague",
                                       at: now, on: db)
                if index == 0 { own = registration }
            }
            // Each one hears what they got (with the calendar invitation for a place): not left out as the actor.
            try await NotificationStore.notify(people.map { RequestNotice(state == .confirmed ? .registrationConfirmed : .waitlisted, .person($0)) },
                                               about: Self.subject(of: meeting), actor: nil, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return own!
        }
    }

    public func registration(_ id: UUID) async throws -> Registration? {
        try await database.sql.select().column("*").from("meeting_registrations").where("id", .equal, id.uppercasedText).first().map(Self.decodeRegistration)
    }

    /// A person's active registration for a meeting, if any.
    public func registration(of person: UUID, for meeting: UUID) async throws -> Registration? {
        try await database.sql.select().column("*").from("meeting_registrations").where("meeting_id", .equal, meeting.uppercasedText)
            .where("person_id", .equal, person.uppercasedText).where("state", .in, Self.activeStates).first().map(Self.decodeRegistration)
    }

    /// A meeting's registrations in arrival order (its keepers' list).
    public func registrations(for meeting: UUID) async throws -> [Registration] {
        try await database.sql.select().column("*").from("meeting_registrations").where("meeting_id", .equal, meeting.uppercasedText)
            .orderBy("position").all().map(Self.decodeRegistration)
    }

    /// A meeting's registrations in arrival order with the person's and the organisation's
    /// names, in one query (the keepers' list and check-in).
    public func lines(for meeting: UUID) async throws -> [RegistrationLine] {
        try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("r")))
            .column(SQLColumn("name", table: "u"), as: "person_name").column(SQLColumn("name", table: "o"), as: "organisation_name")
            .from(SQLAlias(SQLIdentifier("meeting_registrations"), as: SQLIdentifier("r")))
            .join(SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), on: SQLColumn("id", table: "u"), .equal, SQLColumn("person_id", table: "r"))
            .join(SQLAlias(SQLIdentifier("organisations"), as: SQLIdentifier("o")), on: SQLColumn("id", table: "o"), .equal, SQLColumn("organisation_id", table: "r"))
            .where(SQLColumn("meeting_id", table: "r"), .equal, SQLBind(meeting.uppercasedText))
            .orderBy(SQLColumn("position", table: "r")).all().map { row in
                RegistrationLine(registration: try Self.decodeRegistration(row), personName: try row.decode(column: "person_name", as: String.self),
                                 organisationName: try row.decode(column: "organisation_name", as: String.self))
            }
    }

    /// The meetings `person` has a confirmed place at that end at or after `from`, soonest
    /// first (at most 500): their own calendar.
    public func confirmedMeetings(of person: UUID, from: Date) async throws -> [Meeting] {
        try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("m")))
            .from(SQLAlias(SQLIdentifier("meetings"), as: SQLIdentifier("m")))
            .join(SQLAlias(SQLIdentifier("meeting_registrations"), as: SQLIdentifier("r")), on: SQLColumn("meeting_id", table: "r"), .equal, SQLColumn("id", table: "m"))
            .where(SQLColumn("person_id", table: "r"), .equal, SQLBind(person.uppercasedText))
            .where(SQLColumn("state", table: "r"), .equal, SQLBind(RegistrationState.confirmed.rawValue))
            .where(SQLColumn("ends_at", table: "m"), .greaterThanOrEqual, SQLBind(from))
            .orderBy(SQLColumn("starts_at", table: "m")).limit(500).all().map(Self.decode)
    }

    /// Where a waiting registration stands on the list: 1 for the first person waiting.
    public func waitingRank(of registration: Registration) async throws -> Int? {
        guard registration.state == .waiting else { return nil }
        let ahead = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("meeting_registrations")
            .where("meeting_id", .equal, registration.meeting.uppercasedText).where("state", .equal, RegistrationState.waiting.rawValue)
            .where("position", .lessThan, registration.position).first()?.decode(column: "n", as: Int.self) ?? 0
        return ahead + 1
    }

    /// A registration's history, oldest first: (time, from, to, actor, reason).
    public func history(of registration: UUID) async throws -> [RegistrationChange] {
        try await database.sql.select().column("*").from("meeting_registration_history").where("registration_id", .equal, registration.uppercasedText)
            .orderBy("occurred_at").all().map { row in
                RegistrationChange(at: try row.decode(column: "occurred_at", as: Date.self),
                                   from: try row.decodeNil(column: "from_state") ? nil : RegistrationState(rawValue: try row.decode(column: "from_state", as: String.self)),
                                   to: RegistrationState(rawValue: try row.decode(column: "to_state", as: String.self)) ?? .cancelled,
                                   actor: try row.decodeNil(column: "actor_id") ? nil : UUID(text: try row.decode(column: "actor_id", as: String.self)),
                                   reason: try row.decode(column: "reason", as: String.self))
            }
    }

    /// Moves an active registration to `state` (`cancelled`, or `confirmed` from `offered`,
    /// `cancelled` from `offered` for declining). `check` sees the registration and the
    /// meeting as locked and throws when the move is not allowed. A place freed is offered
    /// to the first people waiting, in the same transaction.
    public func move(_ id: UUID, to state: RegistrationState, actor: UUID?, reason: String, at now: Date,
                     check: @escaping @Sendable (Registration, Meeting) throws -> Void, audit: AuditEvent? = nil) async throws -> Registration {
        let engine = database.engine
        return try await database.transaction { db in
            var (registration, meeting) = try await Self.lockRegistration(id, on: db, engine: engine)
            try check(registration, meeting)
            guard registration.state.isActive else { throw DomainError.conflict("registration_not_active") }
            let from = registration.state
            registration.state = state
            registration.offerExpiresAt = nil
            registration.changedAt = now
            try await db.update("meeting_registrations").set("state", to: state.rawValue).set("offer_expires_at", to: SQLLiteral.null)
                .set("changed_at", to: now).where("id", .equal, id.uppercasedText).run()
            try await Self.history(id, from: from, to: state, actor: actor, reason: reason, at: now, on: db)
            if registration.attendance == .present { try await Self.refreshReach(of: meeting, on: db) }
            if let kind = Self.notice(moving: from, to: state, by: actor, of: registration.person) {
                try await NotificationStore.notify([RequestNotice(kind, .person(registration.person))], about: Self.subject(of: meeting),
                                                   actor: nil, at: now, on: db)
            }
            if from.takesPlace && !state.takesPlace, meeting.status == .open || meeting.status == .closed {
                try await Self.offerFreedPlaces(of: meeting, at: now, on: db)
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return registration
        }
    }

    /// Moves a waiting registration, with the waiting members of its group, to the front of
    /// the waiting list: an organiser's change of priority, with its reason in each one's
    /// history. Places free now are offered in the new order, in the same transaction.
    /// `check` sees the registration and the meeting as locked and throws when not allowed.
    public func prioritise(_ id: UUID, reason: String, actor: UUID, at now: Date,
                           check: @escaping @Sendable (Registration, Meeting) throws -> Void, audit: AuditEvent? = nil) async throws -> Registration {
        let engine = database.engine
        return try await database.transaction { db in
            let (registration, meeting) = try await Self.lockRegistration(id, on: db, engine: engine)
            let meetingID = meeting.id
            try check(registration, meeting)
            guard registration.state == .waiting else { throw DomainError.conflict("not_waiting") }
            var members = [registration]
            if let group = registration.group {
                members = try await db.select().column("*").from("meeting_registrations").where("group_id", .equal, group.uppercasedText)
                    .where("state", .equal, RegistrationState.waiting.rawValue).orderBy("position").all().map(Self.decodeRegistration)
            }
            let lowest = try await db.select().column(SQLFunction("MIN", args: SQLColumn("position")), as: "p").from("meeting_registrations")
                .where("meeting_id", .equal, meetingID.uppercasedText).first()?.decode(column: "p", as: Int.self) ?? 1
            for (index, member) in members.enumerated() {
                try await db.update("meeting_registrations").set("position", to: lowest - members.count + index).set("changed_at", to: now)
                    .where("id", .equal, member.id.uppercasedText).run()
                try await Self.history(member.id, from: .waiting, to: .waiting, actor: actor, reason: "priority: " + reason, at: now, on: db)
            }
            try await Self.offerFreedPlaces(of: meeting, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return try await db.select().column("*").from("meeting_registrations").where("id", .equal, id.uppercasedText).first()
                .map(Self.decodeRegistration) ?? registration
        }
    }

    /// Lets offers not accepted by `now` expire and passes their places on; returns how many
    /// expired. Each meeting's in its own transaction, under the meeting's lock, so two
    /// instances running this at once pass each place on once.
    public func expireOffers(at now: Date) async throws -> Int {
        let due = try await database.sql.select().distinct().column("meeting_id").from("meeting_registrations")
            .where("state", .equal, RegistrationState.offered.rawValue).where("offer_expires_at", .lessThanOrEqual, SQLBind(now)).limit(500).all()
        let engine = database.engine
        var expired = 0
        for row in due {
            guard let meetingID = UUID(text: try row.decode(column: "meeting_id", as: String.self)) else { continue }
            expired += try await database.transaction { db in
                guard let meeting = try await Self.lock(meetingID, on: db, engine: engine) else { return 0 }
                let gone = try await db.update("meeting_registrations").set("state", to: RegistrationState.expired.rawValue).set("changed_at", to: now)
                    .set("offer_expires_at", to: SQLLiteral.null)
                    .where("meeting_id", .equal, meetingID.uppercasedText).where("state", .equal, RegistrationState.offered.rawValue)
                    .where("offer_expires_at", .lessThanOrEqual, SQLBind(now)).returning("id").all()
                for row in gone {
                    let id = try row.decode(column: "id", as: String.self)
                    if let id = UUID(text: id) {
                        try await Self.history(id, from: .offered, to: .expired, actor: nil, reason: "offer expired", at: now, on: db)
                    }
                }
                if !gone.isEmpty { try await Self.offerFreedPlaces(of: meeting, at: now, on: db) }
                return gone.count
            }
        }
        return expired
    }

    /// What the registrant of a move hears: a place taken from an offer is confirmed (with
    /// the calendar); a cancellation by an organiser is told, and so is one's own
    /// cancellation of a place (the mail takes it out of one's calendar). Declining an
    /// offer or leaving the waiting list, done on the page that says so, is not.
    static func notice(moving from: RegistrationState, to state: RegistrationState, by actor: UUID?, of person: UUID) -> RequestNotice.Kind? {
        if state == .confirmed { return .registrationConfirmed }
        guard state == .cancelled else { return nil }
        if let actor, actor != person { return .registrationCancelled }
        return from == .confirmed ? .registrationCancelled : nil
    }

    /// Reminds everyone with a place at a meeting that begins within `ahead` of `now` (not
    /// cancelled, not held), once per registration: those who had their place before the
    /// reminder's moment (who registered later had their confirmation just now). Each
    /// meeting in its own transaction that marks the registrations reminded, so two
    /// instances remind each person once. Returns how many were reminded.
    public func remind(at now: Date, ahead: TimeInterval) async throws -> Int {
        let meetings = try await database.sql.select().column("*").from("meetings")
            .where("starts_at", .greaterThan, SQLBind(now)).where("starts_at", .lessThanOrEqual, SQLBind(now.addingTimeInterval(ahead)))
            .where("status", .in, [MeetingStatus.open.rawValue, MeetingStatus.closed.rawValue]).limit(500).all().map(Self.decode)
        var reminded = 0
        for meeting in meetings {
            reminded += try await database.transaction { db in
                let people = try await db.update("meeting_registrations").set("reminded_at", to: SQLBind(now))
                    .where("meeting_id", .equal, meeting.id.uppercasedText).where("state", .equal, RegistrationState.confirmed.rawValue)
                    .where("reminded_at", .is, SQLLiteral.null).where("changed_at", .lessThan, SQLBind(meeting.startsAt.addingTimeInterval(-ahead)))
                    .returning("person_id").all().compactMap { UUID(text: try $0.decode(column: "person_id", as: String.self)) }
                if !people.isEmpty {
                    try await NotificationStore.notify(people.map { RequestNotice(.meetingReminder, .person($0)) }, about: Self.subject(of: meeting),
                                                       actor: nil, at: now, on: db)
                }
                return people.count
            }
        }
        return reminded
    }

    // MARK: Inside a transaction

    static let activeStates = [RegistrationState.confirmed.rawValue, RegistrationState.offered.rawValue, RegistrationState.waiting.rawValue]

    /// Reads the meeting and locks its row for the rest of the transaction (PostgreSQL; on
    /// SQLite the transaction holds the write lock already).
    static func lock(_ id: UUID, on db: any SQLDatabase, engine: Engine) async throws -> Meeting? {
        var select = db.select().column("*").from("meetings").where("id", .equal, id.uppercasedText)
        if engine == .postgres { select = select.for(.update) }
        return try await select.first().map(decode)
    }

    /// A registration with its meeting, the meeting's row locked first (as every change of
    /// places does), then the registration read as it is under that lock.
    static func lockRegistration(_ id: UUID, on db: any SQLDatabase, engine: Engine) async throws -> (Registration, Meeting) {
        guard let found = try await db.select().column("meeting_id").from("meeting_registrations").where("id", .equal, id.uppercasedText).first(),
              let meetingID = UUID(text: try found.decode(column: "meeting_id", as: String.self)),
              let meeting = try await lock(meetingID, on: db, engine: engine),
              let registration = try await db.select().column("*").from("meeting_registrations").where("id", .equal, id.uppercasedText).first()
                .map(decodeRegistration) else { throw DomainError.notFound }
        try await RecordSkeletons.refuseIfDestroyed(.registration, id, on: db)
        return (registration, meeting)
    }

    static func seating(of meeting: Meeting, on db: any SQLDatabase) async throws -> Seating {
        let rows = try await db.select().column("state").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("meeting_registrations")
            .where("meeting_id", .equal, meeting.id.uppercasedText).where("state", .in, activeStates).groupBy("state").all()
        var seating = Seating(capacity: meeting.capacity, taken: 0, waiting: 0)
        for row in rows {
            guard let state = RegistrationState(rawValue: try row.decode(column: "state", as: String.self)) else { continue }
            let count = try row.decode(column: "n", as: Int.self)
            if state.takesPlace { seating.taken += count } else { seating.waiting += count }
        }
        return seating
    }

    /// Offers the free places of `meeting` to the first people waiting, in the list's order,
    /// each held until the hold time passes (at the latest the meeting's start). Colleagues
    /// registered together are offered places together: a group waits until there are
    /// places for all of it, and nobody behind it passes it.
    static func offerFreedPlaces(of meeting: Meeting, at now: Date, on db: any SQLDatabase) async throws {
        let seating = try await seating(of: meeting, on: db)
        guard seating.free > 0, seating.waiting > 0, now < meeting.startsAt else { return }
        let rows = try await db.select().column("id").column("person_id").column("group_id").from("meeting_registrations")
            .where("meeting_id", .equal, meeting.id.uppercasedText).where("state", .equal, RegistrationState.waiting.rawValue)
            .orderBy("position").limit(seating.free + RegistrationDraft.maximumColleagues + 1).all()
        // The waiting list as units: a person alone, or the waiting members of one group.
        var units: [[(id: String, person: String)]] = []
        var lastGroup: String?
        for row in rows {
            let entry = (id: try row.decode(column: "id", as: String.self), person: try row.decode(column: "person_id", as: String.self))
            let group = try row.decodeNil(column: "group_id") ? nil : try row.decode(column: "group_id", as: String.self)
            if let group, group == lastGroup { units[units.count - 1].append(entry) } else { units.append([entry]) }
            lastGroup = group
        }
        var free = seating.free
        var offered: [(id: String, person: String)] = []
        for unit in units {
            guard unit.count <= free else { break }
            offered += unit
            free -= unit.count
        }
        let expiry = min(now.addingTimeInterval(Double(meeting.offerHoldHours) * 3600), meeting.startsAt)
        for entry in offered {
            try await db.update("meeting_registrations").set("state", to: RegistrationState.offered.rawValue).set("offer_expires_at", to: expiry)
                .set("changed_at", to: now).where("id", .equal, entry.id).run()
            if let id = UUID(text: entry.id) { try await history(id, from: .waiting, to: .offered, actor: nil, reason: "place freed", at: now, on: db) }
        }
        // Each person offered a place hears at once (the offer expires).
        let notices = offered.compactMap { UUID(text: $0.person) }.map { RequestNotice(.placeOffered, .person($0)) }
        if !notices.isEmpty { try await NotificationStore.notify(notices, about: subject(of: meeting), actor: nil, at: now, on: db) }
    }

    /// What a notice about a meeting names: its date (as a request's number would be) and title.
    static func subject(of meeting: Meeting) -> NotificationStore.Subject {
        NotificationStore.Subject(type: .meeting, id: meeting.id.uppercasedText, number: String(AmsterdamTime.local(meeting.startsAt).prefix(10)),
                                  title: meeting.title)
    }

    /// Tells every person with an active registration of `kind` (a change or a cancellation).
    static func tellRegistrants(_ kind: RequestNotice.Kind, of meeting: Meeting, actor: UUID?, at now: Date, on db: any SQLDatabase) async throws {
        let people = try await db.select().column("person_id").from("meeting_registrations").where("meeting_id", .equal, meeting.id.uppercasedText)
            .where("state", .in, activeStates).all()
        let notices = try people.compactMap { UUID(text: try $0.decode(column: "person_id", as: String.self)) }.map { RequestNotice(kind, .person($0)) }
        if !notices.isEmpty { try await NotificationStore.notify(notices, about: subject(of: meeting), actor: actor, at: now, on: db) }
    }

    static func history(_ id: UUID, from: RegistrationState?, to: RegistrationState, actor: UUID?, reason: String, at now: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "meeting_registration_history").columns("registration_id", "occurred_at", "from_state", "to_state", "actor_id", "reason")
            .values(SQLBind(id.uppercasedText), SQLBind(now), from.map { SQLBind($0.rawValue) as any SQLExpression } ?? SQLLiteral.null,
                    SQLBind(to.rawValue), actor.map { SQLBind($0.uppercasedText) as any SQLExpression } ?? SQLLiteral.null, SQLBind(String(reason.prefix(500))))
            .run()
    }
}

/// A registration with the names its keepers see.
public struct RegistrationLine: Sendable, Equatable {
    public let registration: Registration
    public let personName: String
    public let organisationName: String
}

/// One line of a registration's history.
public struct RegistrationChange: Sendable, Equatable {
    public let at: Date
    public let from: RegistrationState?
    public let to: RegistrationState
    public let actor: UUID?
    public let reason: String
}
