import SQLKit

/// Retention for meeting registrations and network register entries (issue 23, part 1):
/// each gets a `destroyed_at`, and a registration's history stays append-only except that a
/// destruction may blank a line's reason and nothing else (as a request's history since
/// migration 58).
enum M0062_DestroyRegistrationsAndNetworkEntries: Migration {
    static let id = 62
    static let name = "destruction of registrations and network entries"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE meeting_registrations ADD COLUMN destroyed_at \(t.timestamp)",
            "ALTER TABLE network_entries ADD COLUMN destroyed_at \(t.timestamp)",
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "DROP TRIGGER meeting_registration_history_no_update",
                """
                CREATE TRIGGER meeting_registration_history_no_update BEFORE UPDATE ON meeting_registration_history
                WHEN NOT (new.reason = '' AND new.registration_id = old.registration_id AND new.occurred_at = old.occurred_at
                          AND new.from_state IS old.from_state AND new.to_state = old.to_state AND new.actor_id IS old.actor_id)
                BEGIN SELECT RAISE(ABORT, 'registration history is append-only'); END
                """,
            ])
        case .postgres:
            try await db.run([
                """
                CREATE OR REPLACE FUNCTION meeting_registration_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'UPDATE' AND NEW.reason = ''
                       AND (NEW.registration_id, NEW.occurred_at, NEW.from_state, NEW.to_state, NEW.actor_id)
                           IS NOT DISTINCT FROM (OLD.registration_id, OLD.occurred_at, OLD.from_state, OLD.to_state, OLD.actor_id)
                    THEN RETURN NEW; END IF;
                    RAISE EXCEPTION 'registration history is append-only';
                END $$
                """,
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        switch t.engine {
        case .sqlite:
            try await db.run([
                "DROP TRIGGER meeting_registration_history_no_update",
                "CREATE TRIGGER meeting_registration_history_no_update BEFORE UPDATE ON meeting_registration_history BEGIN SELECT RAISE(ABORT, 'registration history is append-only'); END",
            ])
        case .postgres:
            try await db.run([
                """
                CREATE OR REPLACE FUNCTION meeting_registration_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'registration history is append-only'; END $$
                """,
            ])
        }
        try await db.run(["ALTER TABLE network_entries DROP COLUMN destroyed_at", "ALTER TABLE meeting_registrations DROP COLUMN destroyed_at"])
    }
}
