import Foundation
import SQLKit
import SteunpuntDomain

/// People's own calendar feeds: the address holds a secret, the database its SHA-256
/// digest only. One feed per person; issuing a new one revokes the old in the same
/// statement, revoking deletes it.
public struct CalendarFeedStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Makes `secret` the address of `user`'s feed (the old address stops working).
    public func issue(_ secret: String, for user: UUID, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.delete(from: "calendar_feeds").where("user_id", .equal, user.uppercasedText).run()
            try await db.insert(into: "calendar_feeds").columns("user_id", "digest", "created_at")
                .values(SQLBind(user.uppercasedText), SQLBind(SecretToken.digest(secret)), SQLBind(now)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Ends `user`'s feed; false when they had none.
    public func revoke(for user: UUID, audit: AuditEvent? = nil) async throws -> Bool {
        let engine = database.engine
        return try await database.transaction { db in
            let gone = try await db.delete(from: "calendar_feeds").where("user_id", .equal, user.uppercasedText).returning("user_id").all()
            if !gone.isEmpty, let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return !gone.isEmpty
        }
    }

    /// Whose feed `secret` opens, if any and if that person is active.
    public func owner(of secret: String) async throws -> UUID? {
        try await database.sql.raw("""
            SELECT f.user_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
            WHERE f.digest = \(bind: SecretToken.digest(secret)) AND u.is_active = \(bind: true)
            """).first().flatMap { UUID(text: try $0.decode(column: "user_id", as: String.self)) }
    }

    /// Since when `user` has a feed (nil: none).
    public func issued(for user: UUID) async throws -> Date? {
        try await database.sql.select().column("created_at").from("calendar_feeds").where("user_id", .equal, user.uppercasedText).first()
            .map { try $0.decode(column: "created_at", as: Date.self) }
    }
}
