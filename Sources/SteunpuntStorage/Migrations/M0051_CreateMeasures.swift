import SQLKit

/// The action programme's measures (issue 22): a measure with its milestones (in order of
/// their day), every version kept as it was written (`measure_versions`: what changed, by
/// whom, when, and the whole measure as JSON), and what its keepers wrote per quarter.
enum M0051_CreateMeasures: Migration {
    static let id = 51
    static let name = "programme measures"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE measures (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                parent_number TEXT,
                number_order INTEGER NOT NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                ministry TEXT NOT NULL,
                organisations TEXT NOT NULL,
                owner_id TEXT NOT NULL REFERENCES organisations (id),
                status TEXT NOT NULL,
                starts_on TEXT NOT NULL,
                ends_on TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                updated_by TEXT NOT NULL REFERENCES users (id),
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX measures_order ON measures (number_order, number)",
            """
            CREATE TABLE measure_milestones (
                measure_id TEXT NOT NULL REFERENCES measures (id),
                position INTEGER NOT NULL,
                title TEXT NOT NULL,
                due_on TEXT NOT NULL,
                state TEXT NOT NULL,
                reached_on TEXT NOT NULL,
                note TEXT NOT NULL,
                result_slug TEXT,
                PRIMARY KEY (measure_id, position)
            )
            """,
            """
            CREATE TABLE measure_versions (
                measure_id TEXT NOT NULL REFERENCES measures (id),
                version INTEGER NOT NULL,
                changed TEXT NOT NULL,
                snapshot TEXT NOT NULL,
                changed_by TEXT NOT NULL REFERENCES users (id),
                changed_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (measure_id, version)
            )
            """,
            """
            CREATE TABLE measure_progress (
                measure_id TEXT NOT NULL REFERENCES measures (id),
                period TEXT NOT NULL,
                text TEXT NOT NULL,
                updated_by TEXT NOT NULL REFERENCES users (id),
                updated_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (measure_id, period)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE measure_progress", "DROP TABLE measure_versions", "DROP TABLE measure_milestones", "DROP TABLE measures"])
    }
}
