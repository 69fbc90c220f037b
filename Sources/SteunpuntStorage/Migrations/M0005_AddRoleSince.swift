import SQLKit

/// When a user got their current role, for the privilege review (BIO2 8.02.01).
/// Existing users get their creation time.
enum M0005_AddRoleSince: Migration {
    static let id = 5
    static let name = "record since when users hold their role"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE users ADD COLUMN role_since \(t.timestamp)",
            "UPDATE users SET role_since = created_at",
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE users DROP COLUMN role_since"])
    }
}
