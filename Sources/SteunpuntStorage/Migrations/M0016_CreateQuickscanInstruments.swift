import SQLKit

/// Quickscan instruments (issue 6): each instrument with its numbered versions, the
/// definition stored as JSON. A published version is frozen: the store only changes
/// drafts, and triggers refuse any change or removal of a published version's row. No
/// author (`created_by`, `changed_by` NULL) means shipped with Steunpunt.
enum M0016_CreateQuickscanInstruments: Migration {
    static let id = 16
    static let name = "create quickscan instruments"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE quickscan_instruments (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                created_by TEXT REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE quickscan_instrument_versions (
                instrument_id TEXT NOT NULL REFERENCES quickscan_instruments (id),
                version INTEGER NOT NULL,
                status TEXT NOT NULL,
                definition TEXT NOT NULL,
                changed_by TEXT REFERENCES users (id),
                changed_at \(t.timestamp) NOT NULL,
                published_at \(t.timestamp),
                PRIMARY KEY (instrument_id, version)
            )
            """,
        ])
        let message = "a published quickscan version is frozen"
        switch t.engine {
        case .sqlite:
            try await db.run([
                """
                CREATE TRIGGER quickscan_versions_frozen_update BEFORE UPDATE ON quickscan_instrument_versions
                WHEN old.status = 'gepubliceerd' BEGIN SELECT RAISE(ABORT, '\(message)'); END
                """,
                """
                CREATE TRIGGER quickscan_versions_frozen_delete BEFORE DELETE ON quickscan_instrument_versions
                WHEN old.status = 'gepubliceerd' BEGIN SELECT RAISE(ABORT, '\(message)'); END
                """,
            ])
        case .postgres:
            try await db.run([
                """
                CREATE FUNCTION quickscan_versions_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF old.status = 'gepubliceerd' THEN RAISE EXCEPTION '\(message)'; END IF;
                IF TG_OP = 'DELETE' THEN RETURN old; END IF; RETURN new; END $$
                """,
                """
                CREATE TRIGGER quickscan_versions_frozen BEFORE UPDATE OR DELETE ON quickscan_instrument_versions
                FOR EACH ROW EXECUTE FUNCTION quickscan_versions_frozen()
                """,
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE quickscan_instrument_versions", "DROP TABLE quickscan_instruments"])
        if t.engine == .postgres { try await db.run(["DROP FUNCTION quickscan_versions_frozen()"]) }
    }
}
