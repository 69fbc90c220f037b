import SQLKit

/// Retention and destruction (issue 23, parts 1–2): destruction lists with their records
/// (a record's number, municipality and dates, never its text), the exclusions the
/// coordinator makes, the destruction records kept for good, and a `destroyed_at` on the
/// records destroyed so far (support requests, incidents), which stay as skeletons for the
/// figures. A request's history stays append-only, except that a destruction may blank a
/// line's reason and nothing else.
enum M0058_CreateDestructionLists: Migration {
    static let id = 58
    static let name = "destruction lists"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "CREATE TABLE destruction_list_numbers (year INTEGER PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE destruction_lists (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL,
                version INTEGER NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                reviewed_by TEXT REFERENCES users (id),
                reviewed_at \(t.timestamp),
                approved_by TEXT REFERENCES users (id),
                approved_at \(t.timestamp),
                return_reason TEXT,
                destroyed_at \(t.timestamp)
            )
            """,
            "CREATE INDEX destruction_lists_status ON destruction_lists (status, created_at)",
            """
            CREATE TABLE destruction_items (
                list_id TEXT NOT NULL REFERENCES destruction_lists (id),
                record_type TEXT NOT NULL,
                record_id TEXT NOT NULL,
                number TEXT NOT NULL,
                municipality_code TEXT NOT NULL,
                runs_from \(t.timestamp) NOT NULL,
                due_on TEXT NOT NULL,
                excluded_reason TEXT,
                excluded_by TEXT REFERENCES users (id),
                excluded_at \(t.timestamp),
                excluded_until TEXT,
                destroyed_at \(t.timestamp),
                PRIMARY KEY (list_id, record_type, record_id)
            )
            """,
            "CREATE INDEX destruction_items_record ON destruction_items (record_type, record_id)",
            """
            CREATE TABLE destruction_records (
                record_type TEXT NOT NULL,
                record_id TEXT NOT NULL,
                number TEXT NOT NULL,
                list_id TEXT NOT NULL REFERENCES destruction_lists (id),
                destroyed_at \(t.timestamp) NOT NULL,
                reviewed_by TEXT NOT NULL REFERENCES users (id),
                approved_by TEXT NOT NULL REFERENCES users (id),
                PRIMARY KEY (record_type, record_id)
            )
            """,
            "ALTER TABLE support_requests ADD COLUMN destroyed_at \(t.timestamp)",
            "ALTER TABLE incidents ADD COLUMN destroyed_at \(t.timestamp)",
            "CREATE INDEX support_requests_closed_kept ON support_requests (closed_at) WHERE destroyed_at IS NULL",
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "DROP TRIGGER request_history_no_update",
                """
                CREATE TRIGGER request_history_no_update BEFORE UPDATE ON request_history
                WHEN NOT (new.reason IS NULL AND new.id = old.id AND new.request_id = old.request_id AND new.version = old.version
                          AND new.from_status IS old.from_status AND new.to_status = old.to_status AND new.action = old.action
                          AND new.organisation_id IS old.organisation_id AND new.actor_id = old.actor_id AND new.occurred_at = old.occurred_at)
                BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END
                """,
            ])
        case .postgres:
            try await db.run([
                """
                CREATE OR REPLACE FUNCTION request_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND NEW.reason IS NULL
                       AND (NEW.id, NEW.request_id, NEW.version, NEW.from_status, NEW.to_status, NEW.action, NEW.organisation_id, NEW.actor_id, NEW.occurred_at)
                           IS NOT DISTINCT FROM (OLD.id, OLD.request_id, OLD.version, OLD.from_status, OLD.to_status, OLD.action, OLD.organisation_id, OLD.actor_id, OLD.occurred_at)
                    THEN RETURN NEW; END IF;
                    RAISE EXCEPTION 'request history is append-only';
                END $$
                """,
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        switch t.engine {
        case .sqlite:
            try await db.run([
                "DROP TRIGGER request_history_no_update",
                "CREATE TRIGGER request_history_no_update BEFORE UPDATE ON request_history BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END",
            ])
        case .postgres:
            try await db.run([
                """
                CREATE OR REPLACE FUNCTION request_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'request history is append-only'; END $$
                """,
            ])
        }
        try await db.run(["DROP INDEX support_requests_closed_kept", "ALTER TABLE incidents DROP COLUMN destroyed_at",
                          "ALTER TABLE support_requests DROP COLUMN destroyed_at", "DROP TABLE destruction_records", "DROP TABLE destruction_items",
                          "DROP TABLE destruction_lists", "DROP TABLE destruction_list_numbers"])
    }
}
