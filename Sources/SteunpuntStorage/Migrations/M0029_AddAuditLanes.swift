import SQLKit

/// The audit trail in lanes (issue 17): each entry belongs to a lane and has a position in
/// it; each lane is its own hash chain. PostgreSQL writes in sixteen lanes so concurrent
/// transactions do not wait for one global lock; SQLite, which has one writer, writes in
/// lane 0. Every entry written before this is lane 0 at position = sequence, which is
/// what its hash already covers, so the existing chain verifies unchanged. The global
/// sequence comes from a database sequence on PostgreSQL (numbers a rolled-back
/// transaction took are skipped; the positions within a lane have no gaps).
enum M0029_AddAuditLanes: Migration {
    static let id = 29
    static let name = "audit trail in lanes"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE audit_events ADD COLUMN lane INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE audit_events ADD COLUMN position \(t.bigint)",
        ])
        // Filling the new column is the one change the append-only rule lets through, here.
        switch t.engine {
        case .sqlite:
            try await db.run([
                "DROP TRIGGER audit_events_no_update",
                "UPDATE audit_events SET position = sequence",
                "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END",
            ])
        case .postgres:
            try await db.run([
                "ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change",
                "UPDATE audit_events SET position = sequence",
                "ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change",
                "ALTER TABLE audit_events ALTER COLUMN position SET NOT NULL",
                "CREATE SEQUENCE audit_events_sequence",
                "SELECT setval('audit_events_sequence', COALESCE((SELECT MAX(sequence) FROM audit_events), 0) + 1, false)",
            ])
        }
        try await db.run(["CREATE UNIQUE INDEX audit_events_lane_position ON audit_events (lane, position)"])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX audit_events_lane_position"])
        if t.engine == .postgres { try await db.run(["DROP SEQUENCE audit_events_sequence"]) }
        try await db.run(["ALTER TABLE audit_events DROP COLUMN position", "ALTER TABLE audit_events DROP COLUMN lane"])
    }
}
