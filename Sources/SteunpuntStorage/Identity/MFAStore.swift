import Foundation
import SQLKit
import SteunpuntDomain

/// A user's two-step verification state.
public struct MFAStatus: Sendable, Equatable {
    /// The TOTP secret (as the authenticator app holds it).
    public let secret: String
    /// Set once the user has entered a good code from the app.
    public let confirmedAt: Date?
    /// The last time step a code was accepted for: a code is never accepted twice.
    public let lastUsedStep: Int?

    public var isEnabled: Bool { confirmedAt != nil }
}

/// Keeps TOTP secrets (encrypted with a `SecretBox`) and recovery codes (as SHA-256
/// digests, each usable once).
public struct MFAStore: Sendable {
    let database: Database
    let box: SecretBox

    public init(database: Database, box: SecretBox) {
        self.database = database
        self.box = box
    }

    public func status(user: UUID) async throws -> MFAStatus? {
        guard let row = try await database.sql.select().column("*").from("user_mfa").where("user_id", .equal, user.uppercasedText).first() else { return nil }
        return MFAStatus(secret: try box.open(try row.decode(column: "secret", as: String.self)),
                         confirmedAt: try row.decode(column: "confirmed_at", as: Date?.self),
                         lastUsedStep: try row.decode(column: "last_used_step", as: Int?.self))
    }

    /// Starts (or restarts) an enrolment with a new, unconfirmed secret. Refused while
    /// two-step verification is on: it must be turned off first.
    public func begin(user: UUID, secret: String) async throws {
        try await database.transaction { db in
            let existing = try await db.select().column("confirmed_at").from("user_mfa").where("user_id", .equal, user.uppercasedText).first()
            if let existing, try existing.decode(column: "confirmed_at", as: Date?.self) != nil { throw DomainError.conflict("mfa_enabled") }
            try await db.delete(from: "user_mfa").where("user_id", .equal, user.uppercasedText).run()
            try await db.insert(into: "user_mfa").columns("user_id", "secret").values(SQLBind(user.uppercasedText), SQLBind(try box.seal(secret))).run()
        }
    }

    /// Confirms the enrolment with the step of a good code and stores the recovery codes' digests.
    public func confirm(user: UUID, step: Int, recoveryCodes: [String], at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.update("user_mfa").set("confirmed_at", to: now).set("last_used_step", to: step)
                .where("user_id", .equal, user.uppercasedText).where("confirmed_at", .is, SQLLiteral.null).run()
            try await db.delete(from: "recovery_codes").where("user_id", .equal, user.uppercasedText).run()
            for code in recoveryCodes {
                try await db.insert(into: "recovery_codes").columns("user_id", "code_hash")
                    .values(SQLBind(user.uppercasedText), SQLBind(SecretToken.digest(Self.normalise(code)))).run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Records that a code of `step` was used; false when that step (or a later one) was
    /// used already, so a code overheard or replayed fails.
    public func use(user: UUID, step: Int) async throws -> Bool {
        let rows = try await database.sql.update("user_mfa").set("last_used_step", to: step)
            .where("user_id", .equal, user.uppercasedText).where("confirmed_at", .isNot, SQLLiteral.null)
            .where(group: { $0.where("last_used_step", .is, SQLLiteral.null).orWhere("last_used_step", .lessThan, step) })
            .returning("user_id").all()
        return !rows.isEmpty
    }

    /// Uses up one recovery code; false when unknown or used before.
    public func useRecoveryCode(user: UUID, code: String, at now: Date) async throws -> Bool {
        let rows = try await database.sql.update("recovery_codes").set("used_at", to: now)
            .where("user_id", .equal, user.uppercasedText).where("code_hash", .equal, SecretToken.digest(Self.normalise(code)))
            .where("used_at", .is, SQLLiteral.null).returning("user_id").all()
        return !rows.isEmpty
    }

    public func remainingRecoveryCodes(user: UUID) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("recovery_codes")
            .where("user_id", .equal, user.uppercasedText).where("used_at", .is, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Turns two-step verification off and forgets the secret and codes.
    public func disable(user: UUID, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await db.delete(from: "recovery_codes").where("user_id", .equal, user.uppercasedText).run()
            try await db.delete(from: "user_mfa").where("user_id", .equal, user.uppercasedText).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Encrypts secrets stored before encryption was introduced; returns how many.
    @discardableResult
    public func sealStoredSecrets() async throws -> Int {
        let rows = try await database.sql.select().columns("user_id", "secret").from("user_mfa").all()
        var sealed = 0
        for row in rows {
            let secret = try row.decode(column: "secret", as: String.self)
            guard !SecretBox.isSealed(secret) else { continue }
            try await database.sql.update("user_mfa").set("secret", to: try box.seal(secret))
                .where("user_id", .equal, try row.decode(column: "user_id", as: String.self)).where("secret", .equal, secret).run()
            sealed += 1
        }
        return sealed
    }

    /// Recovery codes are compared without spaces, hyphens or case.
    static func normalise(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
