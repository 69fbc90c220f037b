import SQLKit

/// Handling steps for incidents (issue 21, part 3): the versions of the template the
/// expertise unit keeps, their steps, and each incident's own copy of the steps it was
/// registered with, kept by its municipality.
enum M0047_CreateHandlingSteps: Migration {
    static let id = 47
    static let name = "incident handling steps"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE handling_templates (
                version INTEGER PRIMARY KEY,
                guide_slug TEXT,
                note TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE handling_template_steps (
                version INTEGER NOT NULL REFERENCES handling_templates (version),
                position INTEGER NOT NULL,
                code TEXT NOT NULL,
                title TEXT NOT NULL,
                party TEXT NOT NULL,
                guidance TEXT NOT NULL,
                PRIMARY KEY (version, position)
            )
            """,
            "CREATE UNIQUE INDEX handling_template_steps_code ON handling_template_steps (version, code)",
            """
            CREATE TABLE incident_steps (
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                code TEXT NOT NULL,
                position INTEGER NOT NULL,
                title TEXT NOT NULL,
                party TEXT NOT NULL,
                guidance TEXT NOT NULL,
                template_version INTEGER NOT NULL REFERENCES handling_templates (version),
                state TEXT NOT NULL,
                done_on TEXT NOT NULL,
                note TEXT NOT NULL,
                version INTEGER NOT NULL,
                changed_by TEXT REFERENCES users (id),
                changed_at \(t.timestamp),
                PRIMARY KEY (incident_id, code)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE incident_steps", "DROP TABLE handling_template_steps", "DROP TABLE handling_templates"])
    }
}
