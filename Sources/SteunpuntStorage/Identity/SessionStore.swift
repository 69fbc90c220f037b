import Foundation
import SQLKit
import SteunpuntDomain

/// A signed-in browser session, stored server-side so several instances can share it.
public struct Session: Sendable, Equatable {
    public let user: User
    /// Signed in with a password, waiting for the second step: not signed in yet.
    public let isPendingMFA: Bool
    public let csrfToken: String
    public let createdAt: Date
    public let lastSeenAt: Date
    public let expiresAt: Date
    /// When this session last proved who it is: the sign-in, or a later re-verification.
    public let verifiedAt: Date?
    /// The user has two-step verification turned on.
    public let hasTwoStep: Bool
}

/// How long a session lives: it ends after `idle` without a request, and at the latest
/// `absolute` after sign-in, whatever happens.
public struct SessionLifetime: Sendable, Equatable {
    public var idle: TimeInterval
    public var absolute: TimeInterval

    public init(idle: TimeInterval = 30 * 60, absolute: TimeInterval = 12 * 3600) {
        self.idle = idle
        self.absolute = absolute
    }
}

/// Keeps sessions by the SHA-256 digest of their cookie value.
public struct SessionStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Starts a session for `user` under the secret `token` (sent to the browser, never stored).
    public func create(token: String, csrfToken: String, user: UUID, at now: Date, lifetime: SessionLifetime, pendingMFA: Bool = false) async throws {
        try await database.sql.insert(into: "sessions")
            .columns("token_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "mfa_pending", "verified_at")
            .values(SQLBind(SecretToken.digest(token)), SQLBind(user.uppercasedText), SQLBind(csrfToken), SQLBind(now), SQLBind(now),
                    SQLBind(now.addingTimeInterval(lifetime.absolute)), SQLBind(pendingMFA), pendingMFA ? SQLBind(Date?.none) : SQLBind(now))
            .run()
    }

    /// The second step succeeded: the session is signed in from now on.
    public func completeMFA(token: String, at now: Date) async throws {
        try await database.sql.update("sessions").set("mfa_pending", to: false).set("verified_at", to: now)
            .where("token_hash", .equal, SecretToken.digest(token)).run()
    }

    /// The user proved who they are again (a fresh code, or the password): sensitive actions
    /// are open for a while.
    public func markVerified(token: String, at now: Date) async throws {
        try await database.sql.update("sessions").set("verified_at", to: now)
            .where("token_hash", .equal, SecretToken.digest(token)).where("mfa_pending", .equal, false).run()
    }

    /// The live session for a cookie value, with its user; nil when unknown, expired,
    /// idle too long, or the user is deactivated. Marks the session as seen.
    public func find(token: String, at now: Date, lifetime: SessionLifetime) async throws -> Session? {
        let digest = SecretToken.digest(token)
        guard let row = try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("users")))
            .column(SQLColumn("csrf_token", table: "sessions")).column(SQLColumn("last_seen_at", table: "sessions"))
            .column(SQLColumn("expires_at", table: "sessions")).column(SQLColumn("mfa_pending", table: "sessions"))
            .column(SQLColumn("created_at", table: "sessions"), as: "session_created_at")
            .column(SQLColumn("verified_at", table: "sessions")).column(SQLColumn("confirmed_at", table: "user_mfa"), as: "mfa_confirmed_at")
            .from("sessions").join("users", on: SQLColumn("id", table: "users"), .equal, SQLColumn("user_id", table: "sessions"))
            .join("user_mfa", method: SQLJoinMethod.left, on: SQLColumn("user_id", table: "user_mfa"), .equal, SQLColumn("user_id", table: "sessions"))
            .where(SQLColumn("token_hash", table: "sessions"), .equal, SQLBind(digest)).first() else { return nil }
        let user = try UserStore.decode(row)
        let lastSeen = try row.decode(column: "last_seen_at", as: Date.self)
        let expires = try row.decode(column: "expires_at", as: Date.self)
        guard user.isActive, now < expires, now.timeIntervalSince(lastSeen) < lifetime.idle else {
            try await delete(token: token)
            return nil
        }
        // Write the last-seen time at most once a minute: a page view need not be a write.
        if now.timeIntervalSince(lastSeen) > 60 {
            try await database.sql.update("sessions").set("last_seen_at", to: now).where("token_hash", .equal, digest).run()
        }
        return Session(user: user, isPendingMFA: try row.decode(column: "mfa_pending", as: Bool.self),
                       csrfToken: try row.decode(column: "csrf_token", as: String.self),
                       createdAt: try row.decode(column: "session_created_at", as: Date.self), lastSeenAt: lastSeen, expiresAt: expires,
                       verifiedAt: try row.decode(column: "verified_at", as: Date?.self),
                       hasTwoStep: try row.decode(column: "mfa_confirmed_at", as: Date?.self) != nil)
    }

    public func delete(token: String) async throws {
        try await database.sql.delete(from: "sessions").where("token_hash", .equal, SecretToken.digest(token)).run()
    }

    /// How many live sessions a user has (browsers signed in).
    public func count(user: UUID, at now: Date, lifetime: SessionLifetime) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("sessions")
            .where("user_id", .equal, user.uppercasedText).where("expires_at", .greaterThan, now)
            .where("last_seen_at", .greaterThan, now.addingTimeInterval(-lifetime.idle))
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Ends every session of a user ("sign out everywhere", deactivation, role change).
    public func deleteAll(user: UUID) async throws {
        try await database.sql.delete(from: "sessions").where("user_id", .equal, user.uppercasedText).run()
    }

    /// Removes sessions past their absolute or idle end; returns how many.
    @discardableResult
    public func purgeExpired(at now: Date, lifetime: SessionLifetime) async throws -> Int {
        let idleCutoff = now.addingTimeInterval(-lifetime.idle)
        let rows = try await database.sql.delete(from: "sessions")
            .where("expires_at", .lessThanOrEqual, now).orWhere("last_seen_at", .lessThanOrEqual, idleCutoff)
            .returning("token_hash").all()
        return rows.count
    }
}
