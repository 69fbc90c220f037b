import SQLKit

/// The toolbox (issue 5): offerings with their audiences and needs, every saved version
/// kept as a snapshot, and a Dutch full-text index over stemmed words (`SearchText`) and
/// the offering's facets (`OfferingFacets`, so filters narrow inside the index):
/// an FTS5 table kept by triggers on SQLite, a stored weighted `tsvector` with a GIN
/// index on PostgreSQL.
enum M0012_CreateToolbox: Migration {
    static let id = 12
    static let name = "create toolbox"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        // `search_id` numbers offerings in the order they were added: the FTS5 row id on
        // SQLite (the store assigns it), a sequence on PostgreSQL.
        if t.engine == .postgres { try await db.run(["CREATE SEQUENCE offerings_search_id"]) }
        try await db.run([
            """
            CREATE TABLE offerings (
                id TEXT PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL,
                title TEXT NOT NULL,
                summary TEXT NOT NULL,
                body TEXT NOT NULL,
                provider_id TEXT NOT NULL REFERENCES organisations (id),
                contact TEXT NOT NULL,
                status TEXT NOT NULL,
                expected_on TEXT,
                visibility TEXT NOT NULL,
                search_title TEXT NOT NULL,
                search_body TEXT NOT NULL,
                search_facets TEXT NOT NULL,
                search_id \(t.bigint) UNIQUE\(t.engine == .postgres ? " DEFAULT nextval('offerings_search_id')" : ""),
                version INTEGER NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX offerings_title ON offerings (title, id)",
            """
            CREATE TABLE offering_audiences (
                offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
                audience TEXT NOT NULL,
                PRIMARY KEY (offering_id, audience)
            )
            """,
            "CREATE INDEX offering_audiences_audience ON offering_audiences (audience, offering_id)",
            """
            CREATE TABLE offering_needs (
                offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
                need_code TEXT NOT NULL REFERENCES needs (code),
                PRIMARY KEY (offering_id, need_code)
            )
            """,
            "CREATE INDEX offering_needs_need ON offering_needs (need_code, offering_id)",
            """
            CREATE TABLE offering_versions (
                offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                snapshot TEXT NOT NULL,
                changed_by TEXT NOT NULL REFERENCES users (id),
                changed_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (offering_id, version)
            )
            """,
            // An advisor's activity can name the offering it used (a guide delivered, a training given).
            "ALTER TABLE request_activities ADD COLUMN offering_id TEXT REFERENCES offerings (id)",
            "CREATE INDEX request_activities_offering ON request_activities (offering_id)",
        ])
        switch t.engine {
        case .sqlite:
            try await db.run([
                "CREATE VIRTUAL TABLE offering_search USING fts5(title, body, facets, tokenize = 'unicode61 remove_diacritics 2')",
                """
                CREATE TRIGGER offering_search_insert AFTER INSERT ON offerings
                BEGIN INSERT INTO offering_search (rowid, title, body, facets) VALUES (new.search_id, new.search_title, new.search_body, new.search_facets); END
                """,
                """
                CREATE TRIGGER offering_search_update AFTER UPDATE OF search_title, search_body, search_facets ON offerings
                BEGIN UPDATE offering_search SET title = new.search_title, body = new.search_body, facets = new.search_facets WHERE rowid = new.search_id; END
                """,
                "CREATE TRIGGER offering_search_delete AFTER DELETE ON offerings BEGIN DELETE FROM offering_search WHERE rowid = old.search_id; END",
            ])
        case .postgres:
            try await db.run([
                """
                ALTER TABLE offerings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS \
                (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B') \
                || setweight(to_tsvector('simple', search_facets), 'D')) STORED
                """,
                "CREATE INDEX offerings_search ON offerings USING GIN (search_vector)",
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        if t.engine == .sqlite { try await db.run(["DROP TABLE offering_search"]) }
        try await db.run(["DROP INDEX request_activities_offering", "ALTER TABLE request_activities DROP COLUMN offering_id"])
        try await db.run(["DROP TABLE offering_versions", "DROP TABLE offering_needs", "DROP TABLE offering_audiences", "DROP TABLE offerings"])
        if t.engine == .postgres { try await db.run(["DROP SEQUENCE offerings_search_id"]) }
    }
}
