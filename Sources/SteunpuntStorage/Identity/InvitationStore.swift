import Foundation
import SQLKit
import SteunpuntDomain

/// Single-use, expiring password links, kept by the SHA-256 digest of the link's secret:
/// the invitation of a new user and the reset of a forgotten password (`Purpose`). Using a
/// link sets the password and ends every session of the user, in one transaction.
public struct InvitationStore: Sendable {
    public enum Purpose: String, Sendable {
        case invitation = "uitnodiging"
        case reset = "herstel"
    }

    let database: Database

    public init(database: Database) { self.database = database }

    /// Invites `user`; earlier unused invitations of the same user stop working. A `mail`
    /// goes into the outbox in the same transaction.
    public func create(secret: String, user: UUID, purpose: Purpose = .invitation, at now: Date, validFor: TimeInterval, audit: AuditEvent? = nil,
                       mail: (OutgoingMail, MailOutboxStore)? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.update("invitations").set("used_at", to: now)
                .where("user_id", .equal, user.uppercasedText).where("used_at", .is, SQLLiteral.null).run()
            try await db.insert(into: "invitations").columns("token_hash", "user_id", "purpose", "created_at", "expires_at")
                .values(SQLBind(SecretToken.digest(secret)), SQLBind(user.uppercasedText), SQLBind(purpose.rawValue), SQLBind(now),
                        SQLBind(now.addingTimeInterval(validFor))).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            if let (message, outbox) = mail { try await outbox.enqueue(message, at: now, on: db) }
        }
    }

    /// How many links of `purpose` were made for `user` since `since` (the reset throttle).
    public func count(user: UUID, purpose: Purpose, since: Date) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("invitations")
            .where("user_id", .equal, user.uppercasedText).where("purpose", .equal, purpose.rawValue).where("created_at", .greaterThan, since)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The user, when the secret belongs to an unused, unexpired link of `purpose` of an active user.
    public func pending(secret: String, purpose: Purpose = .invitation, at now: Date) async throws -> User? {
        guard let row = try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
            .column(SQLColumn("expires_at", table: "invitations")).column(SQLColumn("used_at", table: "invitations"))
            .from("invitations").join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "invitations"))
            .where(SQLColumn("token_hash", table: "invitations"), .equal, SQLBind(SecretToken.digest(secret)))
            .where(SQLColumn("purpose", table: "invitations"), .equal, SQLBind(purpose.rawValue)).first() else { return nil }
        let user = try UserStore.decode(row)
        guard user.isActive, try row.decode(column: "used_at", as: Date?.self) == nil,
              now < (try row.decode(column: "expires_at", as: Date.self)) else { return nil }
        return user
    }

    /// Sets the password, uses up the link and ends every session of the user, in one
    /// transaction; false when the link was no longer valid (used by a request a moment
    /// earlier, or expired). `mail` (the notice that the password changed) goes into the
    /// outbox in the same transaction.
    public func accept(secret: String, purpose: Purpose = .invitation, passwordHash: String, at now: Date, audit: AuditEvent? = nil,
                       mail: (OutgoingMail, MailOutboxStore)? = nil) async throws -> Bool {
        let engine = database.engine
        return try await database.transaction { db in
            let digest = SecretToken.digest(secret)
            let used = try await db.update("invitations").set("used_at", to: now)
                .where("token_hash", .equal, digest).where("purpose", .equal, purpose.rawValue)
                .where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, now)
                .returning("user_id").all()
            guard let userID = try used.first?.decode(column: "user_id", as: String.self) else { return false }
            try await db.update("users").set("password_hash", to: passwordHash).set("updated_at", to: now)
                .where("id", .equal, userID).run()
            try await db.delete(from: "sessions").where("user_id", .equal, userID).run()
            if let (message, outbox) = mail { try await outbox.enqueue(message, at: now, on: db) }
            if var audit {
                audit.actor = UUID(text: userID)
                audit.objectID = userID
                try await AuditStore.append(audit, on: db, engine: engine)
            }
            return true
        }
    }
}
