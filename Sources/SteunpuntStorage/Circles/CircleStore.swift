import Foundation
import SQLKit
import SteunpuntDomain

/// A circle as a list shows it: the circle, how many member organisations it has, the
/// reader's organisation's membership, and its next session.
public struct CircleListing: Sendable, Equatable {
    public let circle: Circle
    public let members: Int
    public let membership: MembershipState?
}

/// A membership with the organisation's name, for the circle's members and the unit.
public struct MemberLine: Sendable, Equatable {
    public let membership: Membership
    public let organisationName: String
}

/// A note with its author's and organisation's names, for the circle's space.
public struct NoteLine: Sendable, Equatable {
    public let note: CircleNote
    public let authorName: String
    public let organisationName: String
}

/// A municipality that named one of a circle's needs: in requests the unit is party to
/// (how many), or in its answers to a recent quickscan (`quickscan`).
public struct CircleCandidate: Sendable, Equatable {
    public let organisation: OrganisationID
    public let name: String
    public var requests: Int
    public var quickscan: Bool

    public init(organisation: OrganisationID, name: String, requests: Int, quickscan: Bool = false) {
        self.organisation = organisation
        self.name = name
        self.requests = requests
        self.quickscan = quickscan
    }
}

/// Learning circles (issue 19): circles, memberships of organisations, the space's notes
/// and the results. Every change of a membership happens under the circle's row lock with
/// its audit event and its notices, in one transaction.
public struct CircleStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    // MARK: Circles

    /// Creates a circle; with `invite`, those organisations are invited in the same
    /// transaction (a proposal to municipalities that named the same need).
    public func create(_ valid: CircleDraft.Valid, id: UUID, by user: UUID, at now: Date, invite: [OrganisationID] = [],
                       audit: AuditEvent? = nil) async throws -> Circle {
        let circle = Circle(id: id, title: valid.title, description: valid.description, needs: valid.needs, status: valid.status,
                            createdBy: user, createdAt: now, updatedAt: now)
        let engine = database.engine
        try await database.transaction { db in
            try await db.insert(into: "circles").columns("id", "title", "description", "needs", "status", "version", "created_by", "created_at", "updated_at")
                .values(SQLBind(id.uppercasedText), SQLBind(circle.title), SQLBind(circle.description), SQLBind(circle.needs.map(\.rawValue).joined(separator: " ")),
                        SQLBind(circle.status.rawValue), SQLBind(circle.version), SQLBind(user.uppercasedText), SQLBind(now), SQLBind(now)).run()
            try await Self.invite(invite, to: circle, by: user, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
        return circle
    }

    /// Saves a change made from `expectedVersion`; `conflict("circle_changed")` when someone saved in between.
    public func update(_ id: UUID, with valid: CircleDraft.Valid, expectedVersion: Int, at now: Date, audit: AuditEvent? = nil) async throws -> Circle {
        let engine = database.engine
        return try await database.transaction { db in
            guard var circle = try await Self.lock(id, on: db, engine: engine) else { throw DomainError.notFound }
            guard circle.version == expectedVersion else { throw DomainError.conflict("circle_changed") }
            circle.title = valid.title
            circle.description = valid.description
            circle.needs = valid.needs
            circle.status = valid.status
            circle.version += 1
            circle.updatedAt = now
            try await db.update("circles").set("title", to: circle.title).set("description", to: circle.description)
                .set("needs", to: circle.needs.map(\.rawValue).joined(separator: " ")).set("status", to: circle.status.rawValue)
                .set("version", to: circle.version).set("updated_at", to: now).where("id", .equal, id.uppercasedText).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return circle
        }
    }

    public func get(_ id: UUID) async throws -> Circle? {
        try await database.sql.select().column("*").from("circles").where("id", .equal, id.uppercasedText).first().map(Self.decode)
    }

    /// The circles a reader sees, by title: every circle for the unit (`everything`);
    /// otherwise the active and closed ones, and proposed ones `organisation` is invited to
    /// or member of. With `mineOnly`, only those `organisation` is a member of or invited to.
    public func list(for organisation: OrganisationID, everything: Bool, mineOnly: Bool = false, page: PageRequest) async throws -> Page<CircleListing> {
        let proposed = CircleStatus.proposed.rawValue
        let own: [any Encodable & Sendable] = [MembershipState.member.rawValue, MembershipState.invited.rawValue]
        let filter: SQLQueryString = mineOnly
            ? "AND mine.state IN (\(binds: own))"
            : (everything ? "" : "AND (c.status <> \(bind: proposed) OR mine.state IN (\(binds: own)))")
        let from: SQLQueryString = """
            FROM circles c LEFT JOIN circle_members mine ON mine.circle_id = c.id AND mine.organisation_id = \(bind: organisation.rawValue)
            WHERE 1 = 1 \(filter)
            """
        let (rows, total) = try await CountedPage.read(
            database.sql,
            columns: """
                c.*, mine.state AS mine,
                (SELECT COUNT(*) FROM circle_members m WHERE m.circle_id = c.id AND m.state = \(bind: MembershipState.member.rawValue)) AS members
                """,
            from: from, orderBy: "c.title, c.id", limit: page.size, offset: page.offset)
        let items = try rows.map { row in
            CircleListing(circle: try Self.decode(row), members: try row.decode(column: "members", as: Int.self),
                          membership: try row.decodeNil(column: "mine") ? nil : MembershipState(rawValue: try row.decode(column: "mine", as: String.self)))
        }
        return Page(items: items, total: total, request: page)
    }

    // MARK: Memberships

    public func membership(of organisation: OrganisationID, in circle: UUID) async throws -> Membership? {
        try await database.sql.select().column("*").from("circle_members").where("circle_id", .equal, circle.uppercasedText)
            .where("organisation_id", .equal, organisation.rawValue).first().map(Self.decodeMembership)
    }

    /// Every organisation with a membership of `circle` (members, requests, invitations,
    /// those declined or gone), members first, then by name.
    public func memberships(of circle: UUID) async throws -> [MemberLine] {
        try await database.sql.raw("""
            SELECT m.*, o.name AS organisation_name FROM circle_members m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.circle_id = \(bind: circle.uppercasedText)
            ORDER BY CASE m.state WHEN \(bind: MembershipState.member.rawValue) THEN 0 WHEN \(bind: MembershipState.requested.rawValue) THEN 1
                     WHEN \(bind: MembershipState.invited.rawValue) THEN 2 ELSE 3 END, o.name
            """).all().map { MemberLine(membership: try Self.decodeMembership($0), organisationName: try $0.decode(column: "organisation_name", as: String.self)) }
    }

    /// How many requests to join wait for the unit, over every circle.
    public func pendingRequests() async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("circle_members")
            .where("state", .equal, MembershipState.requested.rawValue).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// `organisation` asks to join `circleID` with `motivation`, by `user`: a new request,
    /// or one replacing a declined or ended membership. `check` sees the circle (locked) and
    /// the membership as it stands, and throws when asking is not allowed. The unit's staff
    /// (`unit`) hear of it.
    public func ask(_ circleID: UUID, for organisation: OrganisationID, motivation: String, by user: UUID, unit: OrganisationID, at now: Date,
                    check: @escaping @Sendable (Circle, Membership?) throws -> Void, audit: AuditEvent? = nil) async throws -> Membership {
        let engine = database.engine
        return try await database.transaction { db in
            guard let circle = try await Self.lock(circleID, on: db, engine: engine) else { throw DomainError.notFound }
            let current = try await Self.membership(of: organisation, in: circleID, on: db)
            try check(circle, current)
            let membership = Membership(circle: circleID, organisation: organisation, state: .requested, motivation: motivation, requestedBy: user,
                                        createdAt: current?.createdAt ?? now, changedAt: now)
            try await Self.save(membership, replacing: current != nil, on: db)
            try await NotificationStore.notify([RequestNotice(.circleRequest, .staff(unit))], about: Self.subject(of: circle), actor: user, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return membership
        }
    }

    /// Invites `organisations` to `circleID` (those not already asked, invited or members);
    /// their officials hear of it. Returns the organisations invited now.
    public func invite(_ organisations: [OrganisationID], to circleID: UUID, by user: UUID, at now: Date,
                       audit: @escaping @Sendable (OrganisationID) -> AuditEvent? = { _ in nil }) async throws -> [OrganisationID] {
        let engine = database.engine
        return try await database.transaction { db in
            guard let circle = try await Self.lock(circleID, on: db, engine: engine) else { throw DomainError.notFound }
            let invited = try await Self.invite(organisations, to: circle, by: user, at: now, on: db)
            for organisation in invited { if let event = audit(organisation) { try await AuditStore.append(event, on: db, engine: engine) } }
            return invited
        }
    }

    /// Moves `organisation`'s membership of `circleID` to `state` (a decision on a request,
    /// an answer to an invitation, leaving or ending), by `user` with `reason`. `check` sees
    /// the circle (locked) and the membership and throws when the move is not allowed. The
    /// organisation's officials hear of a decision the unit takes; the unit's staff of an
    /// answer or a departure by the organisation.
    public func move(_ circleID: UUID, organisation: OrganisationID, to state: MembershipState, reason: String, by user: UUID,
                     tell notice: RequestNotice?, at now: Date, check: @escaping @Sendable (Circle, Membership) throws -> Void,
                     audit: AuditEvent? = nil) async throws -> Membership {
        let engine = database.engine
        return try await database.transaction { db in
            guard let circle = try await Self.lock(circleID, on: db, engine: engine),
                  var membership = try await Self.membership(of: organisation, in: circleID, on: db) else { throw DomainError.notFound }
            try check(circle, membership)
            membership.state = state
            membership.reason = reason
            membership.decidedBy = user
            membership.decidedAt = now
            membership.changedAt = now
            try await Self.save(membership, replacing: true, on: db)
            if let notice { try await NotificationStore.notify([notice], about: Self.subject(of: circle), actor: user, at: now, on: db) }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return membership
        }
    }

    /// Municipalities that named one of `needs` in requests `party` (the unit) is party to
    /// since `since`, most requests first, at most 50: whom a circle on those needs may be
    /// proposed to. Only requests the reader's organisation holds a part in are counted.
    public func candidates(needs: [NeedCode], party: OrganisationID, since: Date) async throws -> [CircleCandidate] {
        guard !needs.isEmpty else { return [] }
        let codes: [any Encodable & Sendable] = needs.map(\.rawValue)
        return try await database.sql.raw("""
            SELECT r.requester_id AS organisation, o.name AS name, COUNT(DISTINCT r.id) AS n
            FROM request_needs rn
            JOIN support_requests r ON r.id = rn.request_id
            JOIN request_parties p ON p.request_id = r.id AND p.organisation_id = \(bind: party.rawValue)
            JOIN organisations o ON o.id = r.requester_id
            WHERE rn.need_code IN (\(binds: codes)) AND o.kind = \(bind: OrganisationKind.municipality.rawValue) AND r.created_at >= \(bind: since)
            GROUP BY r.requester_id, o.name
            ORDER BY n DESC, o.name
            LIMIT 50
            """).all().compactMap { row in
                guard let id = OrganisationID(try row.decode(column: "organisation", as: String.self)) else { return nil }
                return CircleCandidate(organisation: id, name: try row.decode(column: "name", as: String.self), requests: try row.decode(column: "n", as: Int.self))
            }
    }

    /// The circles `organisation` is a member of or invited to, and its pending requests.
    public func memberships(of organisation: OrganisationID) async throws -> [(circle: Circle, state: MembershipState)] {
        try await database.sql.raw("""
            SELECT c.*, m.state AS mine FROM circle_members m JOIN circles c ON c.id = m.circle_id
            WHERE m.organisation_id = \(bind: organisation.rawValue) AND m.state IN (\(binds: [MembershipState.member.rawValue, MembershipState.invited.rawValue, MembershipState.requested.rawValue] as [any Encodable & Sendable]))
              AND c.status <> \(bind: CircleStatus.closed.rawValue)
            ORDER BY c.title
            """).all().compactMap { row in
                guard let state = MembershipState(rawValue: try row.decode(column: "mine", as: String.self)) else { return nil }
                return (try Self.decode(row), state)
            }
    }

    // MARK: Space

    /// Adds a note to a circle's space; `check` sees the circle (locked) and throws when not allowed.
    public func addNote(_ note: CircleNote, check: @escaping @Sendable (Circle) throws -> Void, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            guard let circle = try await Self.lock(note.circle, on: db, engine: engine) else { throw DomainError.notFound }
            try check(circle)
            try await db.insert(into: "circle_notes").columns("id", "circle_id", "kind", "text", "author_id", "organisation_id", "created_at")
                .values(SQLBind(note.id.uppercasedText), SQLBind(note.circle.uppercasedText), SQLBind(note.kind.rawValue), SQLBind(note.text),
                        SQLBind(note.author.uppercasedText), SQLBind(note.organisation.rawValue), SQLBind(note.createdAt)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// The space's notes, newest first, with the names of who wrote them.
    public func notes(of circle: UUID, limit: Int = 200) async throws -> [NoteLine] {
        try await database.sql.raw("""
            SELECT n.*, u.name AS author_name, o.name AS organisation_name FROM circle_notes n
            JOIN users u ON u.id = n.author_id JOIN organisations o ON o.id = n.organisation_id
            WHERE n.circle_id = \(bind: circle.uppercasedText)
            ORDER BY n.created_at DESC, n.id LIMIT \(bind: limit)
            """).all().map { row in
                let key = try row.decode(column: "id", as: String.self)
                guard let id = UUID(text: key), let circleID = UUID(text: try row.decode(column: "circle_id", as: String.self)),
                      let kind = CircleNoteKind(rawValue: try row.decode(column: "kind", as: String.self)),
                      let author = UUID(text: try row.decode(column: "author_id", as: String.self)),
                      let organisation = OrganisationID(try row.decode(column: "organisation_id", as: String.self)) else {
                    throw StorageError.corruptRow(table: "circle_notes", key: key)
                }
                return NoteLine(note: CircleNote(id: id, circle: circleID, kind: kind, text: try row.decode(column: "text", as: String.self), author: author,
                                                 organisation: organisation, createdAt: try row.decode(column: "created_at", as: Date.self)),
                                authorName: try row.decode(column: "author_name", as: String.self),
                                organisationName: try row.decode(column: "organisation_name", as: String.self))
            }
    }

    /// Saves the circle's results: toolbox offerings, in the order given.
    public func saveResults(_ offerings: [UUID], of circleID: UUID, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            guard try await Self.lock(circleID, on: db, engine: engine) != nil else { throw DomainError.notFound }
            try await db.delete(from: "circle_results").where("circle_id", .equal, circleID.uppercasedText).run()
            for (position, offering) in offerings.enumerated() {
                try await db.insert(into: "circle_results").columns("circle_id", "offering_id", "position")
                    .values(SQLBind(circleID.uppercasedText), SQLBind(offering.uppercasedText), SQLBind(position)).run()
            }
            try await db.update("circles").set("updated_at", to: now).where("id", .equal, circleID.uppercasedText).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    public func results(of circle: UUID) async throws -> [UUID] {
        try await database.sql.select().column("offering_id").from("circle_results").where("circle_id", .equal, circle.uppercasedText)
            .orderBy("position").all().compactMap { UUID(text: try $0.decode(column: "offering_id", as: String.self)) }
    }

    /// The circle's sessions (meetings naming it), soonest first.
    public func sessions(of circle: UUID) async throws -> [Meeting] {
        try await database.sql.select().column("*").from("meetings").where("circle_id", .equal, circle.uppercasedText)
            .orderBy("starts_at").all().map(MeetingStore.decode)
    }
}
