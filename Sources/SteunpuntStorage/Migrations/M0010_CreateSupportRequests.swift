import SQLKit

/// Support requests (issue 4): the needs taxonomy, requests with their needs and the
/// organisations that hold or held them (need-to-know), an append-only status history,
/// messages, activities, routing rules, and a counter per year for readable numbers.
enum M0010_CreateSupportRequests: Migration {
    static let id = 10
    static let name = "create support requests"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE needs (
                code TEXT PRIMARY KEY,
                name_nl TEXT NOT NULL,
                name_en TEXT NOT NULL,
                first_response_days INTEGER NOT NULL,
                resolution_days INTEGER NOT NULL,
                position INTEGER NOT NULL,
                is_active \(t.boolean) NOT NULL DEFAULT TRUE
            )
            """,
            "CREATE TABLE request_numbers (year INTEGER PRIMARY KEY, last INTEGER NOT NULL)",
            """
            CREATE TABLE support_requests (
                id TEXT PRIMARY KEY,
                number TEXT NOT NULL UNIQUE,
                title TEXT NOT NULL,
                description TEXT NOT NULL,
                search_key TEXT NOT NULL,
                requester_id TEXT NOT NULL REFERENCES organisations (id),
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                province TEXT NOT NULL,
                channel TEXT NOT NULL,
                urgency TEXT NOT NULL,
                preferred_contact TEXT NOT NULL,
                status TEXT NOT NULL,
                outcome TEXT,
                desk_id TEXT NOT NULL REFERENCES organisations (id),
                holder_id TEXT NOT NULL REFERENCES organisations (id),
                referred_by TEXT REFERENCES organisations (id),
                assignee_id TEXT REFERENCES users (id),
                status_before_waiting TEXT,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL,
                first_response_at \(t.timestamp),
                closed_at \(t.timestamp),
                waiting_since \(t.timestamp),
                suspended_days INTEGER NOT NULL DEFAULT 0,
                first_response_due \(t.timestamp) NOT NULL,
                resolution_due \(t.timestamp) NOT NULL,
                deadline_state TEXT NOT NULL DEFAULT 'op-tijd',
                version INTEGER NOT NULL DEFAULT 1
            )
            """,
            "CREATE INDEX support_requests_created ON support_requests (created_at)",
            "CREATE INDEX support_requests_requester ON support_requests (requester_id, created_at)",
            "CREATE INDEX support_requests_status ON support_requests (status, created_at)",
            "CREATE INDEX support_requests_municipality ON support_requests (municipality_code, created_at)",
            "CREATE INDEX support_requests_assignee ON support_requests (assignee_id, created_at)",
            "CREATE INDEX support_requests_deadline ON support_requests (deadline_state, resolution_due)",
            """
            CREATE TABLE request_needs (
                request_id TEXT NOT NULL REFERENCES support_requests (id) ON DELETE CASCADE,
                need_code TEXT NOT NULL REFERENCES needs (code),
                PRIMARY KEY (request_id, need_code)
            )
            """,
            "CREATE INDEX request_needs_need ON request_needs (need_code, request_id)",
            """
            CREATE TABLE request_parties (
                request_id TEXT NOT NULL REFERENCES support_requests (id) ON DELETE CASCADE,
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                PRIMARY KEY (request_id, organisation_id)
            )
            """,
            "CREATE INDEX request_parties_organisation ON request_parties (organisation_id, request_id)",
            """
            CREATE TABLE request_history (
                id TEXT PRIMARY KEY,
                request_id TEXT NOT NULL REFERENCES support_requests (id),
                version INTEGER NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                action TEXT NOT NULL,
                reason TEXT,
                organisation_id TEXT,
                actor_id TEXT NOT NULL,
                occurred_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE UNIQUE INDEX request_history_request ON request_history (request_id, version)",
            """
            CREATE TABLE request_messages (
                id TEXT PRIMARY KEY,
                request_id TEXT NOT NULL REFERENCES support_requests (id),
                author_id TEXT NOT NULL REFERENCES users (id),
                author_organisation TEXT NOT NULL,
                internal \(t.boolean) NOT NULL,
                body TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX request_messages_request ON request_messages (request_id, created_at)",
            """
            CREATE TABLE request_activities (
                id TEXT PRIMARY KEY,
                request_id TEXT NOT NULL REFERENCES support_requests (id),
                kind TEXT NOT NULL,
                occurred_on TEXT NOT NULL,
                hours REAL NOT NULL,
                participants INTEGER NOT NULL,
                note TEXT NOT NULL,
                author_id TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX request_activities_request ON request_activities (request_id, occurred_on)",
            """
            CREATE TABLE request_feedback (
                request_id TEXT PRIMARY KEY REFERENCES support_requests (id),
                score INTEGER NOT NULL,
                comment TEXT NOT NULL,
                author_id TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE routing_rules (
                id TEXT PRIMARY KEY,
                position INTEGER NOT NULL,
                need_code TEXT REFERENCES needs (code),
                channel TEXT,
                requester_kind TEXT,
                target_id TEXT NOT NULL REFERENCES organisations (id),
                is_active \(t.boolean) NOT NULL DEFAULT TRUE
            )
            """,
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "CREATE TRIGGER request_history_no_update BEFORE UPDATE ON request_history BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END",
                "CREATE TRIGGER request_history_no_delete BEFORE DELETE ON request_history BEGIN SELECT RAISE(ABORT, 'request history is append-only'); END",
            ])
        case .postgres:
            try await db.run([
                """
                CREATE FUNCTION request_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'request history is append-only'; END $$
                """,
                "CREATE TRIGGER request_history_no_change BEFORE UPDATE OR DELETE ON request_history FOR EACH ROW EXECUTE FUNCTION request_history_append_only()",
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE routing_rules", "DROP TABLE request_feedback", "DROP TABLE request_activities", "DROP TABLE request_messages",
                          "DROP TABLE request_history", "DROP TABLE request_parties", "DROP TABLE request_needs", "DROP TABLE support_requests",
                          "DROP TABLE request_numbers", "DROP TABLE needs"])
        if t.engine == .postgres { try await db.run(["DROP FUNCTION request_history_append_only()"]) }
    }
}
