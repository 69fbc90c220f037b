import SQLKit

/// Password links for two purposes in one table: the invitation of a new user
/// (`uitnodiging`) and the reset of a forgotten password (`herstel`). Both are single-use,
/// expiring links with which someone chooses a password; a newer link of either kind
/// replaces older ones. Created-at is indexed per user for the reset throttle.
enum M0024_AddPasswordLinkPurpose: Migration {
    static let id = 24
    static let name = "add password link purpose"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE invitations ADD COLUMN purpose TEXT NOT NULL DEFAULT 'uitnodiging'",
            "CREATE INDEX invitations_user_purpose ON invitations (user_id, purpose, created_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX invitations_user_purpose", "ALTER TABLE invitations DROP COLUMN purpose"])
    }
}
