import SQLKit

/// The quarters the programme's indicators have been closed for (issue 22, part 5): until
/// an analyst closes an ended quarter its figures are recomputed (attendance marked late,
/// a request closed afterwards with an earlier date), after it they are the records kept
/// in `indicator_records`. Quarters kept before there was a close (read once after they
/// ended) count as closed at their first reading, by nobody.
enum M0053_CreateIndicatorPeriods: Migration {
    static let id = 53
    static let name = "closed indicator periods"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE indicator_periods (
                period TEXT PRIMARY KEY,
                closed_at \(t.timestamp) NOT NULL,
                closed_by TEXT REFERENCES users (id)
            )
            """,
            "INSERT INTO indicator_periods (period, closed_at) SELECT period, MIN(read_at) FROM indicator_records GROUP BY period",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE indicator_periods"])
    }
}
