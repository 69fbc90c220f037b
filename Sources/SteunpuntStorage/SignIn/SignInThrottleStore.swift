import Foundation
import SQLKit
import SteunpuntDomain

/// Keeps sign-in failure counters. Keys are digests (`account:` + SHA-256 of the address
/// typed, `address:` + the client address), so the table holds no typed e-mail address.
public struct SignInThrottleStore: Sendable {
    let database: Database
    public let policy: SignInThrottle

    public init(database: Database, policy: SignInThrottle = SignInThrottle()) {
        self.database = database
        self.policy = policy
    }

    public static func accountKey(_ email: String) -> String { "account:" + SecretToken.digest(EmailAddress.normalise(email)) }
    public static func addressKey(_ address: String) -> String { "address:" + address }

    /// The latest moment any of `keys` is locked until, or nil when none is locked.
    public func lockedUntil(_ keys: [String], at now: Date) async throws -> Date? {
        let rows = try await database.sql.select().column("locked_until").from("sign_in_throttle")
            .where("key", .in, keys).where("locked_until", .greaterThan, now).all()
        return try rows.compactMap { try $0.decode(column: "locked_until", as: Date?.self) }.max()
    }

    /// Counts one failure for the account and for the address.
    public func recordFailure(accountKey: String, addressKey: String?, at now: Date) async throws {
        try await database.transaction { db in
            try await Self.count(accountKey, limit: policy.accountLimit, at: now, policy: policy, on: db)
            if let addressKey { try await Self.count(addressKey, limit: policy.addressLimit, at: now, policy: policy, on: db) }
        }
    }

    /// Forgets the account's failures after a good sign-in (the address counter stays).
    public func reset(accountKey: String) async throws {
        try await database.sql.delete(from: "sign_in_throttle").where("key", .equal, accountKey).run()
    }

    /// Removes counters whose window and lock are over; returns how many.
    @discardableResult
    public func purge(at now: Date) async throws -> Int {
        try await database.sql.delete(from: "sign_in_throttle")
            .where("window_start", .lessThan, now.addingTimeInterval(-policy.window))
            .where(group: { $0.where("locked_until", .is, SQLLiteral.null).orWhere("locked_until", .lessThan, now) })
            .returning("key").all().count
    }

    /// Two instances counting the same key at once must not lose a failure: the row is made
    /// if missing (ignoring a concurrent insert), then read under a row lock on PostgreSQL
    /// (SQLite's `BEGIN IMMEDIATE` already holds the write lock).
    static func count(_ key: String, limit: Int, at now: Date, policy: SignInThrottle, on db: any SQLDatabase) async throws {
        try await db.insert(into: "sign_in_throttle").columns("key", "failures", "window_start", "locked_until")
            .values(SQLBind(key), SQLBind(0), SQLBind(now), SQLLiteral.null).ignoringConflicts(with: "key").run()
        guard let row = try await db.select().column("*").from("sign_in_throttle").where("key", .equal, key).for(.update).first() else { return }
        let current = SignInThrottle.Counter(failures: try row.decode(column: "failures", as: Int.self),
                                             windowStart: try row.decode(column: "window_start", as: Date.self),
                                             lockedUntil: try row.decode(column: "locked_until", as: Date?.self))
        let next = policy.afterFailure(current.failures == 0 ? nil : current, at: now, limit: limit)
        try await db.update("sign_in_throttle").set("failures", to: next.failures).set("window_start", to: next.windowStart)
            .set("locked_until", to: next.lockedUntil).where("key", .equal, key).run()
    }
}
