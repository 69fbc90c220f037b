import SQLKit

/// When a session last proved who it is (signing in, or re-verifying before a sensitive
/// action): sensitive actions ask again once this is too old.
enum M0008_AddSessionVerification: Migration {
    static let id = 8
    static let name = "add session verification time"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE sessions ADD COLUMN verified_at \(t.timestamp)"])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE sessions DROP COLUMN verified_at"])
    }
}
