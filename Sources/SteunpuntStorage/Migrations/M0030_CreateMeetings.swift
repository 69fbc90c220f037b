import SQLKit

/// Meetings (issue 19): the meeting, its registrations in arrival order (`position`, the
/// waiting list's order) with at most one active registration per person, and the
/// append-only history of every registration's changes (who, when, why).
enum M0030_CreateMeetings: Migration {
    static let id = 30
    static let name = "create meetings"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE meetings (
                id TEXT PRIMARY KEY,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                organiser_id TEXT NOT NULL REFERENCES organisations (id),
                provinces TEXT NOT NULL,
                municipalities TEXT NOT NULL,
                audience TEXT NOT NULL,
                venue TEXT NOT NULL,
                online_link TEXT,
                starts_at \(t.timestamp) NOT NULL,
                ends_at \(t.timestamp) NOT NULL,
                capacity INTEGER NOT NULL CHECK (capacity > 0),
                per_organisation INTEGER,
                registration_opens_at \(t.timestamp),
                registration_closes_at \(t.timestamp) NOT NULL,
                cancellation_deadline \(t.timestamp) NOT NULL,
                offer_hold_hours INTEGER NOT NULL,
                visibility TEXT NOT NULL,
                status TEXT NOT NULL,
                version INTEGER NOT NULL,
                sequence INTEGER NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX meetings_starts ON meetings (starts_at, id)",
            "CREATE INDEX meetings_organiser ON meetings (organiser_id, starts_at)",
            """
            CREATE TABLE meeting_registrations (
                id TEXT PRIMARY KEY,
                meeting_id TEXT NOT NULL REFERENCES meetings (id),
                person_id TEXT NOT NULL REFERENCES users (id),
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                needs TEXT NOT NULL,
                state TEXT NOT NULL,
                position INTEGER NOT NULL,
                offer_expires_at \(t.timestamp),
                created_at \(t.timestamp) NOT NULL,
                changed_at \(t.timestamp) NOT NULL,
                UNIQUE (meeting_id, position)
            )
            """,
            "CREATE UNIQUE INDEX meeting_registrations_one_active ON meeting_registrations (meeting_id, person_id) WHERE state IN ('bevestigd', 'wachtlijst', 'aangeboden')",
            "CREATE INDEX meeting_registrations_state ON meeting_registrations (meeting_id, state, position)",
            "CREATE INDEX meeting_registrations_person ON meeting_registrations (person_id, created_at)",
            "CREATE INDEX meeting_registrations_offers ON meeting_registrations (offer_expires_at) WHERE state = 'aangeboden'",
            """
            CREATE TABLE meeting_registration_history (
                registration_id TEXT NOT NULL REFERENCES meeting_registrations (id),
                occurred_at \(t.timestamp) NOT NULL,
                from_state TEXT,
                to_state TEXT NOT NULL,
                actor_id TEXT,
                reason TEXT NOT NULL
            )
            """,
            "CREATE INDEX meeting_registration_history_registration ON meeting_registration_history (registration_id, occurred_at)",
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "CREATE TRIGGER meeting_registration_history_no_update BEFORE UPDATE ON meeting_registration_history BEGIN SELECT RAISE(ABORT, 'registration history is append-only'); END",
                "CREATE TRIGGER meeting_registration_history_no_delete BEFORE DELETE ON meeting_registration_history BEGIN SELECT RAISE(ABORT, 'registration history is append-only'); END",
            ])
        case .postgres:
            try await db.run([
                """
                CREATE FUNCTION meeting_registration_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'registration history is append-only'; END $$
                """,
                "CREATE TRIGGER meeting_registration_history_no_change BEFORE UPDATE OR DELETE ON meeting_registration_history FOR EACH ROW EXECUTE FUNCTION meeting_registration_history_append_only()",
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE meeting_registration_history", "DROP TABLE meeting_registrations", "DROP TABLE meetings"])
        if t.engine == .postgres { try await db.run(["DROP FUNCTION meeting_registration_history_append_only()"]) }
    }
}
