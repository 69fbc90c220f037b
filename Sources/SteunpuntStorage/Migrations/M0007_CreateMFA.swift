import SQLKit

/// Two-step verification: a TOTP secret per user (confirmed once the user proves it
/// works), hashed one-time recovery codes, and sessions that wait for the second step.
enum M0007_CreateMFA: Migration {
    static let id = 7
    static let name = "create two-step verification"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE user_mfa (
                user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                secret TEXT NOT NULL,
                confirmed_at \(t.timestamp),
                last_used_step \(t.bigint)
            )
            """,
            """
            CREATE TABLE recovery_codes (
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                code_hash TEXT NOT NULL,
                used_at \(t.timestamp),
                PRIMARY KEY (user_id, code_hash)
            )
            """,
            "ALTER TABLE sessions ADD COLUMN mfa_pending \(t.boolean) NOT NULL DEFAULT FALSE",
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE sessions DROP COLUMN mfa_pending", "DROP TABLE recovery_codes", "DROP TABLE user_mfa"])
    }
}
