import SQLKit

/// The incident register (issue 21): incidents and tension signals of municipalities, their
/// grounds (several per incident, counted apart), an append-only history, and the numbers
/// counted per year.
enum M0045_CreateIncidents: Migration {
    static let id = 45
    static let name = "incident register"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "CREATE TABLE incident_numbers (year INTEGER PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE incidents (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                kind TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                occurred_at TEXT NOT NULL,
                location TEXT NOT NULL,
                neighbourhood TEXT NOT NULL,
                grounds TEXT NOT NULL,
                nature TEXT,
                setting TEXT,
                severity TEXT NOT NULL,
                description TEXT NOT NULL,
                status TEXT NOT NULL,
                tension_level TEXT,
                shared_with_unit \(t.boolean) NOT NULL,
                version INTEGER NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX incidents_municipality ON incidents (municipality_code, occurred_on, created_at)",
            "CREATE INDEX incidents_shared ON incidents (shared_with_unit, occurred_on)",
            """
            CREATE TABLE incident_grounds (
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                ground TEXT NOT NULL,
                PRIMARY KEY (incident_id, ground)
            )
            """,
            """
            CREATE TABLE incident_history (
                id TEXT PRIMARY KEY,
                incident_id TEXT NOT NULL REFERENCES incidents (id),
                position INTEGER NOT NULL,
                change TEXT NOT NULL,
                from_value TEXT,
                to_value TEXT NOT NULL,
                note TEXT NOT NULL,
                changed_by TEXT NOT NULL REFERENCES users (id),
                changed_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX incident_history_incident ON incident_history (incident_id, position)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE incident_history", "DROP TABLE incident_grounds", "DROP TABLE incidents", "DROP TABLE incident_numbers"])
    }
}
