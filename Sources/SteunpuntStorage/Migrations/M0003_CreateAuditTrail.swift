import SQLKit

/// The audit trail: append-only, hash-chained. Triggers refuse UPDATE and DELETE, so
/// changing history takes deliberate work at the database; `steunpunt audit verify`
/// detects it even then.
enum M0003_CreateAuditTrail: Migration {
    static let id = 3
    static let name = "create the append-only audit trail"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE audit_events (
                sequence \(t.bigint) PRIMARY KEY,
                occurred_at \(t.timestamp) NOT NULL,
                action TEXT NOT NULL,
                result TEXT NOT NULL,
                actor_id TEXT,
                actor_label TEXT,
                object_type TEXT,
                object_id TEXT,
                origin TEXT,
                previous_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_events_occurred_at ON audit_events (occurred_at)",
            "CREATE INDEX audit_events_actor ON audit_events (actor_id)",
            "CREATE INDEX audit_events_object ON audit_events (object_type, object_id)",
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
                "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
            ])
        case .postgres:
            try await db.run([
                """
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'the audit trail is append-only'; END $$
                """,
                "CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE audit_events"])
        if t.engine == .postgres { try await db.run(["DROP FUNCTION audit_events_append_only()"]) }
    }
}
