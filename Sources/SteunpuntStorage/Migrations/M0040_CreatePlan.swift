import SQLKit

/// The 10-point plan (issue 20): its versions (a draft the unit edits, published versions
/// frozen), each municipality's current progress per point (a row once a point is first
/// recorded; none means not started), and every change of it kept in order.
enum M0040_CreatePlan: Migration {
    static let id = 40
    static let name = "10-point plan"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        let progress = """
            status TEXT NOT NULL,
            since TEXT NOT NULL,
            evidence TEXT NOT NULL,
            responsible_function TEXT NOT NULL,
            next_step TEXT NOT NULL,
            next_step_on TEXT NOT NULL,
            wants_support \(t.boolean) NOT NULL,
            plan_version INTEGER NOT NULL,
            needs_review \(t.boolean) NOT NULL,
            changed_by TEXT REFERENCES users (id),
            changed_at \(t.timestamp) NOT NULL
            """
        try await db.run([
            """
            CREATE TABLE plan_versions (
                version INTEGER PRIMARY KEY,
                status TEXT NOT NULL,
                definition TEXT NOT NULL,
                changed_by TEXT REFERENCES users (id),
                changed_at \(t.timestamp) NOT NULL,
                published_at \(t.timestamp)
            )
            """,
            """
            CREATE TABLE plan_progress (
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                point_key TEXT NOT NULL,
                version INTEGER NOT NULL,
                \(progress),
                PRIMARY KEY (municipality_code, point_key)
            )
            """,
            "CREATE INDEX plan_progress_point ON plan_progress (point_key, status)",
            """
            CREATE TABLE plan_progress_history (
                id TEXT PRIMARY KEY,
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                point_key TEXT NOT NULL,
                source TEXT NOT NULL,
                \(progress)
            )
            """,
            "CREATE INDEX plan_progress_history_municipality ON plan_progress_history (municipality_code, changed_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP TABLE plan_progress_history",
            "DROP TABLE plan_progress",
            "DROP TABLE plan_versions",
        ])
    }
}
