import SQLKit

/// The unit's network register (issue 19): community organisations and key figures by
/// municipality and themes (words separated by spaces), with their contact route and
/// consent; a desk activity of kind network introduction names the entry it introduced
/// (`request_activities.network_entry_id`), which is the entry's history of introductions.
enum M0038_CreateNetworkRegister: Migration {
    static let id = 38
    static let name = "network register"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE network_entries (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                name TEXT NOT NULL,
                role TEXT NOT NULL,
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                themes TEXT NOT NULL,
                contact_route TEXT NOT NULL,
                consent TEXT NOT NULL,
                consent_on TEXT NOT NULL,
                note TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX network_entries_municipality ON network_entries (municipality_code, name)",
            "CREATE INDEX network_entries_name ON network_entries (name, id)",
            "ALTER TABLE request_activities ADD COLUMN network_entry_id TEXT REFERENCES network_entries (id)",
            "CREATE INDEX request_activities_network ON request_activities (network_entry_id, created_at) WHERE network_entry_id IS NOT NULL",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP INDEX request_activities_network",
            "ALTER TABLE request_activities DROP COLUMN network_entry_id",
            "DROP TABLE network_entries",
        ])
    }
}
