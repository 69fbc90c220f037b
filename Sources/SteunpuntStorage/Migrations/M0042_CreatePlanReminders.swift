import SQLKit

/// Reminders of the 10-point plan (issue 20, part 6): when each municipality was last
/// reminded to update its progress, so that it is reminded once per period, also with
/// several instances (a reminder is claimed on this row before its notice is written).
enum M0042_CreatePlanReminders: Migration {
    static let id = 42
    static let name = "10-point plan reminders"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE plan_reminders (
                municipality_code TEXT PRIMARY KEY REFERENCES municipalities (code),
                reminded_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX plan_progress_history_changes ON plan_progress_history (municipality_code, source, changed_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX plan_progress_history_changes", "DROP TABLE plan_reminders"])
    }
}
