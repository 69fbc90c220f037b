import Foundation
import SQLKit
import SteunpuntDomain

/// What an API token may be used for.
public enum APIScope: String, CaseIterable, Codable, Sendable {
    /// Read what the user may read.
    case read = "lezen"
    /// Change what the user may change.
    case write = "schrijven"
}

/// A personal API token as listed to its owner: never the secret itself.
public struct APIToken: Sendable, Equatable {
    public let id: UUID
    public let user: UUID
    public let name: String
    public let scopes: Set<APIScope>
    public let createdAt: Date
    public let expiresAt: Date
    public let revokedAt: Date?
}

/// A token presented on a request, resolved to its user and scopes.
public struct APICaller: Sendable, Equatable {
    public let user: User
    public let token: APIToken
}

/// Keeps personal API tokens by the SHA-256 digest of the secret.
public struct APITokenStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func create(secret: String, id: UUID, user: UUID, name: String, scopes: Set<APIScope>, at now: Date, expiresAt: Date,
                       audit: AuditEvent? = nil) async throws -> APIToken {
        let scopeText = scopes.map(\.rawValue).sorted().joined(separator: " ")
        let engine = database.engine
        try await database.transaction { db in
            try await db.insert(into: "api_tokens")
                .columns("id", "user_id", "name", "token_hash", "scopes", "created_at", "expires_at")
                .values(SQLBind(id.uppercasedText), SQLBind(user.uppercasedText), SQLBind(name), SQLBind(SecretToken.digest(secret)),
                        SQLBind(scopeText), SQLBind(now), SQLBind(expiresAt))
                .run()
            if var audit {
                audit.objectID = id.uppercasedText
                try await AuditStore.append(audit, on: db, engine: engine)
            }
        }
        return APIToken(id: id, user: user, name: name, scopes: scopes, createdAt: now, expiresAt: expiresAt, revokedAt: nil)
    }

    /// The caller for a presented secret; nil when unknown, revoked, expired or the user is deactivated.
    public func authenticate(secret: String, at now: Date) async throws -> APICaller? {
        let digest = SecretToken.digest(secret)
        // Names as `SQLName`: this runs on every API request (issue 17).
        guard let row = try await database.sql.select().column(SQLName.columns(UserStore.columns, of: "users"))
            .column(SQLName.alias(SQLName("id", table: "api_tokens"), as: "token_id"))
            .column(SQLName.alias(SQLName("name", table: "api_tokens"), as: "token_name"))
            .column(SQLName.alias(SQLName("created_at", table: "api_tokens"), as: "token_created_at"))
            .column(SQLName("scopes")).column(SQLName("expires_at")).column(SQLName("revoked_at"))
            .from(SQLName("api_tokens")).join(SQLName("users"), on: SQLName("id", table: "users"), .equal, SQLName("user_id", table: "api_tokens"))
            .where(SQLName("token_hash"), .equal, SQLBind(digest)).first() else { return nil }
        let user = try UserStore.decode(row)
        let idText = try row.decode(column: "token_id", as: String.self)
        guard let tokenID = UUID(text: idText) else { throw StorageError.corruptRow(table: "api_tokens", key: idText) }
        let token = APIToken(
            id: tokenID,
            user: user.id,
            name: try row.decode(column: "token_name", as: String.self),
            scopes: Set(try row.decode(column: "scopes", as: String.self).split(separator: " ").compactMap { APIScope(rawValue: String($0)) }),
            createdAt: try row.decode(column: "token_created_at", as: Date.self),
            expiresAt: try row.decode(column: "expires_at", as: Date.self),
            revokedAt: try row.decode(column: "revoked_at", as: Date?.self))
        guard user.isActive, token.revokedAt == nil, now < token.expiresAt else { return nil }
        return APICaller(user: user, token: token)
    }

    /// Revokes one of `user`'s own tokens; another user's token is `notFound`.
    public func revoke(_ id: UUID, ownedBy user: UUID, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let owned = try await db.select().column("id").from("api_tokens")
                .where("id", .equal, id.uppercasedText).where("user_id", .equal, user.uppercasedText).first()
            guard owned != nil else { throw DomainError.notFound }
            try await db.update("api_tokens").set("revoked_at", to: now).where("id", .equal, id.uppercasedText)
                .where("revoked_at", .is, SQLLiteral.null).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// A user's tokens, newest first (never the secrets).
    public func list(user: UUID) async throws -> [APIToken] {
        try await database.sql.select().column("*").from("api_tokens").where("user_id", .equal, user.uppercasedText)
            .orderBy("created_at", .descending).orderBy("id", .descending).all().map { row in
                let idText = try row.decode(column: "id", as: String.self)
                guard let id = UUID(text: idText) else { throw StorageError.corruptRow(table: "api_tokens", key: idText) }
                return APIToken(
                    id: id, user: user, name: try row.decode(column: "name", as: String.self),
                    scopes: Set(try row.decode(column: "scopes", as: String.self).split(separator: " ").compactMap { APIScope(rawValue: String($0)) }),
                    createdAt: try row.decode(column: "created_at", as: Date.self),
                    expiresAt: try row.decode(column: "expires_at", as: Date.self),
                    revokedAt: try row.decode(column: "revoked_at", as: Date?.self))
            }
    }
}
