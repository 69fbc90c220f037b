import SQLKit

/// The audit trail's own retention (issue 23, part 3): before entries older than the
/// trail's retention period go, a checkpoint records, per lane, the position and hash of
/// the last entry that goes, signed with a key derived from the encryption key. `audit
/// verify` continues each lane's chain from its newest checkpoint. The checkpoints are
/// append-only themselves, and the trail's triggers now let a DELETE through only for an
/// entry at or below its lane's newest checkpoint: nothing else can be removed.
enum M0061_CreateAuditCheckpoints: Migration {
    static let id = 61
    static let name = "audit trail checkpoints"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE audit_checkpoints (
                id \(t.bigint) PRIMARY KEY,
                lane INTEGER NOT NULL,
                position \(t.bigint) NOT NULL,
                sequence \(t.bigint) NOT NULL,
                hash TEXT NOT NULL,
                last_occurred_at \(t.timestamp) NOT NULL,
                cutoff \(t.timestamp) NOT NULL,
                removed \(t.bigint) NOT NULL,
                made_at \(t.timestamp) NOT NULL,
                signature TEXT NOT NULL
            )
            """,
            "CREATE INDEX audit_checkpoints_lane ON audit_checkpoints (lane, position)",
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "DROP TRIGGER audit_events_no_delete",
                """
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                WHEN OLD.position > COALESCE((SELECT MAX(c.position) FROM audit_checkpoints c WHERE c.lane = OLD.lane), 0)
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
                """,
                "CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END",
                "CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints BEGIN SELECT RAISE(ABORT, 'checkpoints are append-only'); END",
            ])
        case .postgres:
            try await db.run([
                """
                CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'DELETE' AND OLD.position <= COALESCE((SELECT MAX(c.position) FROM audit_checkpoints c WHERE c.lane = OLD.lane), 0) THEN
                        RETURN OLD;
                    END IF;
                    RAISE EXCEPTION 'the audit trail is append-only';
                END $$
                """,
                """
                CREATE FUNCTION audit_checkpoints_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'checkpoints are append-only'; END $$
                """,
                "CREATE TRIGGER audit_checkpoints_no_change BEFORE UPDATE OR DELETE ON audit_checkpoints FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_append_only()",
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE audit_checkpoints"])
        if t.engine == .postgres { try await db.run(["DROP FUNCTION audit_checkpoints_append_only()"]) }
    }
}
