import SQLKit

/// The programme's aims per indicator (issue 22, part 3): a target per period (a quarter
/// `2027-K1` or a year `2027`), and the baseline, named by the closed quarter whose kept
/// figure it is. Who set each and when; changes audited.
enum M0054_CreateIndicatorTargets: Migration {
    static let id = 54
    static let name = "indicator targets and baselines"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE indicator_targets (
                code TEXT NOT NULL,
                period TEXT NOT NULL,
                value \(t.double) NOT NULL,
                set_by TEXT REFERENCES users (id),
                set_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (code, period)
            )
            """,
            """
            CREATE TABLE indicator_baselines (
                code TEXT PRIMARY KEY,
                period TEXT NOT NULL REFERENCES indicator_periods (period),
                set_by TEXT REFERENCES users (id),
                set_at \(t.timestamp) NOT NULL
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE indicator_baselines", "DROP TABLE indicator_targets"])
    }
}
