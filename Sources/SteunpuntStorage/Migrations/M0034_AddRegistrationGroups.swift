import SQLKit

/// Group entries (issue 19): colleagues registered together share a group id (the first
/// registration's), so they wait, are offered places and are moved together.
enum M0034_AddRegistrationGroups: Migration {
    static let id = 34
    static let name = "registration groups"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE meeting_registrations ADD COLUMN group_id TEXT",
            "CREATE INDEX meeting_registrations_group ON meeting_registrations (group_id) WHERE group_id IS NOT NULL",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX meeting_registrations_group", "ALTER TABLE meeting_registrations DROP COLUMN group_id"])
    }
}
