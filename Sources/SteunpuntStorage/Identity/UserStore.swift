import Foundation
import SQLKit
import SteunpuntDomain

/// A user together with the stored password hash, for signing in only.
public struct UserCredentials: Sendable {
    public let user: User
    public let passwordHash: String
}

/// Reads and writes users. Password hashes are made by the caller (bcrypt lives in the
/// web layer with hummingbird-auth); this store only keeps them.
public struct UserStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Adds a user. The organisation must exist and the role must fit its kind; the
    /// e-mail address must be free. Every problem is reported at once.
    public func create(_ draft: UserDraft.Valid, id: UUID, passwordHash: String, at now: Date, audit: AuditEvent? = nil) async throws -> User {
        let engine = database.engine
        return try await database.transaction { db in
            let organisation = try await db.select().column("*").from("organisations")
                .where("id", .equal, draft.organisation.rawValue).first().map(OrganisationStore.decode)
            try draft.check(organisationKind: organisation?.kind)
            let taken = try await db.select().column("id").from("users").where("email", .equal, draft.email).first()
            if taken != nil { throw DomainError.invalid([FieldError(field: "email", code: "email_taken")]) }
            let user = User(id: id, email: draft.email, name: draft.name, organisation: draft.organisation, role: draft.role, createdAt: now)
            try await db.insert(into: "users")
                .columns("id", "email", "name", "search_key", "organisation_id", "role", "password_hash", "is_active", "created_at", "updated_at", "role_since")
                .values(SQLBind(id.uppercasedText), SQLBind(user.email), SQLBind(user.name), SQLBind(SearchKey.fold(user.name)),
                        SQLBind(user.organisation.rawValue), SQLBind(user.role.rawValue), SQLBind(passwordHash), SQLBind(true),
                        SQLBind(now), SQLBind(now), SQLBind(now))
                .run()
            if var audit {
                audit.objectID = id.uppercasedText
                try await AuditStore.append(audit, on: db, engine: engine)
            }
            return user
        }
    }

    public func get(_ id: UUID) async throws -> User? {
        try await database.sql.select().column("*").from("users").where("id", .equal, id.uppercasedText).first().map(Self.decode)
    }

    public func credentials(email: String) async throws -> UserCredentials? {
        guard let row = try await database.sql.select().column("*").from("users")
            .where("email", .equal, EmailAddress.normalise(email)).first() else { return nil }
        return UserCredentials(user: try Self.decode(row), passwordHash: try row.decode(column: "password_hash", as: String.self))
    }

    /// The people of one organisation, active ones first, by name.
    public func members(of organisation: OrganisationID) async throws -> [User] {
        try await database.sql.select().column("*").from("users").where("organisation_id", .equal, organisation.rawValue)
            .orderBy("is_active", .descending).orderBy("search_key").all().map(Self.decode)
    }

    /// Names of users by id, in one query (for showing who did what).
    public func names(of ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.sql.select().column("id").column("name").from("users")
            .where("id", .in, Array(Set(ids)).map(\.uppercasedText)).all()
        var names: [UUID: String] = [:]
        for row in rows {
            if let id = UUID(text: try row.decode(column: "id", as: String.self)) { names[id] = try row.decode(column: "name", as: String.self) }
        }
        return names
    }

    /// Active people per organisation, in one query (no query per organisation).
    public func activeMemberCounts(of organisations: [OrganisationID]) async throws -> [OrganisationID: Int] {
        guard !organisations.isEmpty else { return [:] }
        let rows = try await database.sql.select().column("organisation_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("users").where("organisation_id", .in, organisations.map(\.rawValue)).where("is_active", .equal, true)
            .groupBy("organisation_id").all()
        var counts: [OrganisationID: Int] = [:]
        for row in rows {
            if let id = OrganisationID(try row.decode(column: "organisation_id", as: String.self)) {
                counts[id] = try row.decode(column: "n", as: Int.self)
            }
        }
        return counts
    }

    public func list(page: PageRequest, text: String? = nil) async throws -> Page<User> {
        var count = database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
        var query = database.sql.select().column("*").from("users")
        if let text, !text.trimmingCharacters(in: .whitespaces).isEmpty {
            count = count.where(TextMatch.predicate(text: text, identifierColumn: "email"))
            query = query.where(TextMatch.predicate(text: text, identifierColumn: "email"))
        }
        let (rows, total) = try await CountedPage.read(rows: query.orderBy("search_key").orderBy("id").limit(page.size).offset(page.offset), count: count)
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// Everyone with an account and since when they hold their role, by role then name
    /// (the privilege review).
    public func privileges(role: Role? = nil) async throws -> [(user: User, roleSince: Date)] {
        var query = database.sql.select().column("*").from("users")
        if let role { query = query.where("role", .equal, role.rawValue) }
        return try await query.orderBy("role").orderBy("search_key").orderBy("id").all().map { row in
            let user = try Self.decode(row)
            return (user, try row.decode(column: "role_since", as: Date?.self) ?? user.createdAt)
        }
    }

    public func count() async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("users")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Sets a user's password, ends the user's other sessions (all but `keeping`, the
    /// session that made the change) and records `audit` and `mail` (the notice that the
    /// password changed), in one transaction.
    public func setPassword(_ id: UUID, passwordHash: String, keeping session: String?, at now: Date, audit: AuditEvent,
                            mail: (OutgoingMail, MailOutboxStore)? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.update("users").set("password_hash", to: passwordHash).set("updated_at", to: now).where("id", .equal, id.uppercasedText).run()
            let sessions = db.delete(from: "sessions").where("user_id", .equal, id.uppercasedText)
            if let session { _ = sessions.where("token_hash", .notEqual, SecretToken.digest(session)) }
            try await sessions.run()
            if let (message, outbox) = mail { try await outbox.enqueue(message, at: now, on: db) }
            try await AuditStore.append(audit, on: db, engine: engine)
        }
    }

    /// Changes role and active flag. A deactivated user's sessions and tokens stop working
    /// because every lookup checks `is_active`.
    public func update(_ id: UUID, name: String, role: Role, isActive: Bool, at now: Date, audit: [AuditEvent] = []) async throws {
        let engine = database.engine
        try await database.transaction { db in
            guard let row = try await db.select().column("*").from("users").where("id", .equal, id.uppercasedText).first() else {
                throw DomainError.notFound
            }
            let user = try Self.decode(row)
            let organisation = try await db.select().column("*").from("organisations")
                .where("id", .equal, user.organisation.rawValue).first().map(OrganisationStore.decode)
            if let kind = organisation?.kind, !role.fits(kind) {
                throw DomainError.invalid([FieldError(field: "rol", code: "role_does_not_fit_organisation")])
            }
            let update = db.update("users").set("name", to: name).set("search_key", to: SearchKey.fold(name))
                .set("role", to: role.rawValue).set("is_active", to: isActive).set("updated_at", to: now)
            if role != user.role { _ = update.set("role_since", to: now) }
            try await update.where("id", .equal, id.uppercasedText).run()
            for event in audit { try await AuditStore.append(event, on: db, engine: engine) }
        }
    }

    /// The columns `decode` reads, for queries that name them (`SQLName.columns`).
    static let columns = ["id", "email", "name", "organisation_id", "role", "is_active", "created_at"]

    static func decode(_ row: any SQLRow) throws -> User {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: idText),
              let organisation = OrganisationID(try row.decode(column: "organisation_id", as: String.self)),
              let role = Role(rawValue: try row.decode(column: "role", as: String.self)) else {
            throw StorageError.corruptRow(table: "users", key: idText)
        }
        return User(
            id: id,
            email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            organisation: organisation, role: role,
            isActive: try row.decode(column: "is_active", as: Bool.self),
            createdAt: try row.decode(column: "created_at", as: Date.self))
    }
}
