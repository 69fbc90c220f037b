import SQLKit

/// The programme's progress reports (issue 22, part 6), one per quarter: title and
/// introduction, where it stands (draft, in review, published), who handed it in and who
/// published it, and once published its snapshot (JSON) with the SHA-256 of those bytes.
/// A published report is frozen: the database refuses to change or delete it.
enum M0055_CreateProgressReports: Migration {
    static let id = 55
    static let name = "progress reports"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE progress_reports (
                period TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                introduction TEXT NOT NULL,
                status TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_by TEXT NOT NULL REFERENCES users (id),
                updated_at \(t.timestamp) NOT NULL,
                submitted_by TEXT REFERENCES users (id),
                submitted_at \(t.timestamp),
                return_reason TEXT NOT NULL,
                published_by TEXT REFERENCES users (id),
                published_at \(t.timestamp),
                snapshot TEXT,
                sha256 TEXT,
                CHECK (status <> 'gepubliceerd' OR (snapshot IS NOT NULL AND sha256 IS NOT NULL AND published_at IS NOT NULL))
            )
            """,
        ])
        let message = "a published progress report is frozen"
        switch t.engine {
        case .sqlite:
            try await db.run([
                """
                CREATE TRIGGER progress_reports_frozen_update BEFORE UPDATE ON progress_reports
                WHEN old.status = 'gepubliceerd' BEGIN SELECT RAISE(ABORT, '\(message)'); END
                """,
                """
                CREATE TRIGGER progress_reports_frozen_delete BEFORE DELETE ON progress_reports
                WHEN old.status = 'gepubliceerd' BEGIN SELECT RAISE(ABORT, '\(message)'); END
                """,
            ])
        case .postgres:
            try await db.run([
                """
                CREATE FUNCTION progress_reports_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF old.status = 'gepubliceerd' THEN RAISE EXCEPTION '\(message)'; END IF;
                IF TG_OP = 'DELETE' THEN RETURN old; END IF; RETURN new; END $$
                """,
                """
                CREATE TRIGGER progress_reports_frozen BEFORE UPDATE OR DELETE ON progress_reports
                FOR EACH ROW EXECUTE FUNCTION progress_reports_frozen()
                """,
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE progress_reports"])
        if t.engine == .postgres { try await db.run(["DROP FUNCTION progress_reports_frozen()"]) }
    }
}
