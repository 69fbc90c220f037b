import SQLKit

/// Learning circles (issue 19): the circle (its needs as words separated by spaces, as
/// meetings keep their lists), its member organisations with who asked and who decided,
/// the notes of its members-only space (added, never changed), its results (toolbox
/// offerings, in order), and the meetings that are its sessions (`meetings.circle_id`).
enum M0037_CreateCircles: Migration {
    static let id = 37
    static let name = "learning circles"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE circles (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                needs TEXT NOT NULL,
                status TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX circles_status ON circles (status, title)",
            """
            CREATE TABLE circle_members (
                circle_id TEXT NOT NULL REFERENCES circles (id),
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                state TEXT NOT NULL,
                motivation TEXT NOT NULL,
                requested_by TEXT REFERENCES users (id),
                decided_by TEXT REFERENCES users (id),
                decided_at \(t.timestamp),
                reason TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                changed_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (circle_id, organisation_id)
            )
            """,
            "CREATE INDEX circle_members_organisation ON circle_members (organisation_id, state)",
            """
            CREATE TABLE circle_notes (
                id TEXT PRIMARY KEY,
                circle_id TEXT NOT NULL REFERENCES circles (id),
                kind TEXT NOT NULL,
                text TEXT NOT NULL,
                author_id TEXT NOT NULL REFERENCES users (id),
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX circle_notes_circle ON circle_notes (circle_id, created_at)",
            """
            CREATE TABLE circle_results (
                circle_id TEXT NOT NULL REFERENCES circles (id),
                offering_id TEXT NOT NULL REFERENCES offerings (id),
                position INTEGER NOT NULL,
                PRIMARY KEY (circle_id, offering_id)
            )
            """,
            "ALTER TABLE meetings ADD COLUMN circle_id TEXT REFERENCES circles (id)",
            "CREATE INDEX meetings_circle ON meetings (circle_id, starts_at) WHERE circle_id IS NOT NULL",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP INDEX meetings_circle",
            "ALTER TABLE meetings DROP COLUMN circle_id",
            "DROP TABLE circle_results",
            "DROP TABLE circle_notes",
            "DROP TABLE circle_members",
            "DROP TABLE circles",
        ])
    }
}
