import SQLKit

/// The 10-point plan as it stood at the end of each quarter (issue 20, part 8): a row per
/// municipality and point with its status then, and a row per quarter kept, so that the
/// overview shows the change since the previous quarter and a quarter is kept once, also
/// with several instances.
enum M0043_CreatePlanSnapshots: Migration {
    static let id = 43
    static let name = "10-point plan snapshots per quarter"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE plan_snapshot_quarters (
                quarter TEXT PRIMARY KEY,
                ends_at \(t.timestamp) NOT NULL,
                taken_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE plan_snapshots (
                quarter TEXT NOT NULL REFERENCES plan_snapshot_quarters (quarter),
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                point_key TEXT NOT NULL,
                status TEXT NOT NULL,
                PRIMARY KEY (quarter, municipality_code, point_key)
            )
            """,
            "CREATE INDEX plan_progress_history_point ON plan_progress_history (municipality_code, point_key, changed_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP INDEX plan_progress_history_point",
            "DROP TABLE plan_snapshots",
            "DROP TABLE plan_snapshot_quarters",
        ])
    }
}
