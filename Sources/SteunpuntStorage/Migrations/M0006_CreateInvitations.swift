import SQLKit

/// Invitations: a single-use, expiring link with which a new user sets their password.
enum M0006_CreateInvitations: Migration {
    static let id = 6
    static let name = "create invitations"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE invitations (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                created_at \(t.timestamp) NOT NULL,
                expires_at \(t.timestamp) NOT NULL,
                used_at \(t.timestamp)
            )
            """,
            "CREATE INDEX invitations_user ON invitations (user_id)",
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["DROP TABLE invitations"])
    }
}
