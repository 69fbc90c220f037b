import SQLKit

/// Users, server-side sessions and personal API tokens. Secrets are stored as SHA-256
/// digests (tokens) or bcrypt hashes (passwords), never as they are.
enum M0002_CreateIdentityTables: Migration {
    static let id = 2
    static let name = "create users, sessions and api tokens"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                email TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                search_key TEXT NOT NULL,
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                is_active \(t.boolean) NOT NULL DEFAULT TRUE,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX users_organisation ON users (organisation_id)",
            """
            CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                csrf_token TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                last_seen_at \(t.timestamp) NOT NULL,
                expires_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX sessions_user ON sessions (user_id)",
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL UNIQUE,
                scopes TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                expires_at \(t.timestamp) NOT NULL,
                revoked_at \(t.timestamp),
                last_used_at \(t.timestamp)
            )
            """,
            "CREATE INDEX api_tokens_user ON api_tokens (user_id)",
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["DROP TABLE api_tokens", "DROP TABLE sessions", "DROP TABLE users"])
    }
}
