import SQLKit

/// Sharing an incident with any organisation, not only the expertise unit (issue 21, part
/// 5): every share is a row of `incident_shares` (who shared it when, who ended it when,
/// kept after it ends), and the incident keeps the organisations it is shared with now
/// (`shared_with`, space-separated, changed in the same transaction as the rows), which
/// replaces `shared_with_unit`. A share the unit had is carried over as made when the
/// incident last changed, by whoever registered it: the history holds the exact line.
enum M0050_CreateIncidentShares: Migration {
    static let id = 50
    static let name = "incident shares"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE incident_shares (
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                shared_by TEXT NOT NULL REFERENCES users (id),
                shared_at \(t.timestamp) NOT NULL,
                revoked_by TEXT REFERENCES users (id),
                revoked_at \(t.timestamp),
                PRIMARY KEY (incident_id, organisation_id, shared_at)
            )
            """,
            // One share standing per organisation; an organisation's list reads its own.
            "CREATE UNIQUE INDEX incident_shares_standing ON incident_shares (incident_id, organisation_id) WHERE revoked_at IS NULL",
            "CREATE INDEX incident_shares_organisation ON incident_shares (organisation_id, incident_id) WHERE revoked_at IS NULL",
            "ALTER TABLE incidents ADD COLUMN shared_with TEXT NOT NULL DEFAULT ''",
            "UPDATE incidents SET shared_with = 'szw-ess' WHERE shared_with_unit = TRUE",
            """
            INSERT INTO incident_shares (incident_id, organisation_id, shared_by, shared_at)
            SELECT id, 'szw-ess', created_by, updated_at FROM incidents WHERE shared_with_unit = TRUE
            """,
            "DROP INDEX incidents_shared",
            "ALTER TABLE incidents DROP COLUMN shared_with_unit",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE incidents ADD COLUMN shared_with_unit \(t.boolean) NOT NULL DEFAULT FALSE",
            "UPDATE incidents SET shared_with_unit = TRUE WHERE shared_with LIKE '%szw-ess%'",
            "CREATE INDEX incidents_shared ON incidents (shared_with_unit, occurred_on)",
            "ALTER TABLE incidents DROP COLUMN shared_with",
            "DROP TABLE incident_shares",
        ])
    }
}
