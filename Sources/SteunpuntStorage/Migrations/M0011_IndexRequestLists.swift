import SQLKit
import SteunpuntDomain

/// Request lists that stay fast at a million requests (issue 4, performance):
/// - `request_parties` carries the request's filing time, status, deadline state and needs
///   (space-separated codes), and its indexes cover them, so a desk's page and its common
///   filters are index ranges instead of a join over every request it ever held;
/// - `search_key` holds the folded words only, indexed for full text: an FTS5 table kept
///   by triggers on SQLite (`search_id` is its row id), a stored `tsvector` with a GIN
///   index on PostgreSQL.
enum M0011_IndexRequestLists: Migration {
    static let id = 11
    static let name = "index request lists"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE request_parties ADD COLUMN created_at \(t.timestamp)",
            "ALTER TABLE request_parties ADD COLUMN status TEXT",
            "ALTER TABLE request_parties ADD COLUMN deadline_state TEXT",
            "ALTER TABLE request_parties ADD COLUMN needs TEXT",
            """
            UPDATE request_parties SET
                created_at = (SELECT created_at FROM support_requests WHERE support_requests.id = request_parties.request_id),
                status = (SELECT status FROM support_requests WHERE support_requests.id = request_parties.request_id),
                deadline_state = (SELECT deadline_state FROM support_requests WHERE support_requests.id = request_parties.request_id)
            """,
            "DROP INDEX request_parties_organisation",
            "CREATE INDEX request_parties_list ON request_parties (organisation_id, created_at, request_id, needs)",
            "CREATE INDEX request_parties_status ON request_parties (organisation_id, status, created_at, request_id, needs)",
            "CREATE INDEX request_parties_deadline ON request_parties (organisation_id, deadline_state, created_at, request_id, needs)",
        ])
        var needs: [String: [String]] = [:]
        for row in try await db.select().columns("request_id", "need_code").from("request_needs").all() {
            needs[try row.decode(column: "request_id", as: String.self), default: []].append(try row.decode(column: "need_code", as: String.self))
        }
        for (request, codes) in needs {
            try await db.update("request_parties").set("needs", to: RequestRows.partyNeeds(codes)).where("request_id", .equal, request).run()
        }
        // The stored search key becomes the words alone, so both engines tokenise it alike.
        for row in try await db.select().columns("id", "number", "title", "description").from("support_requests").all() {
            let text = try ["number", "title", "description"].map { try row.decode(column: $0, as: String.self) }.joined(separator: " ")
            try await db.update("support_requests").set("search_key", to: SearchKey.terms(text).joined(separator: " "))
                .where("id", .equal, try row.decode(column: "id", as: String.self)).run()
        }
        switch t.engine {
        case .sqlite:
            try await db.run([
                "ALTER TABLE support_requests ADD COLUMN search_id INTEGER",
                "UPDATE support_requests SET search_id = rowid",
                "CREATE UNIQUE INDEX support_requests_search_id ON support_requests (search_id)",
                "CREATE VIRTUAL TABLE request_search USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3', detail = 'none')",
                "INSERT INTO request_search (rowid, terms) SELECT search_id, search_key FROM support_requests",
                """
                CREATE TRIGGER request_search_insert AFTER INSERT ON support_requests
                BEGIN INSERT INTO request_search (rowid, terms) VALUES (new.search_id, new.search_key); END
                """,
                """
                CREATE TRIGGER request_search_update AFTER UPDATE OF search_key ON support_requests WHEN old.search_key IS NOT new.search_key
                BEGIN UPDATE request_search SET terms = new.search_key WHERE rowid = new.search_id; END
                """,
                """
                CREATE TRIGGER request_search_delete AFTER DELETE ON support_requests
                BEGIN DELETE FROM request_search WHERE rowid = old.search_id; END
                """,
            ])
        case .postgres:
            // A stored vector: a plan that walks a desk's list tests it without tokenising each row.
            try await db.run([
                "ALTER TABLE support_requests ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_key)) STORED",
                "CREATE INDEX support_requests_search ON support_requests USING GIN (search_vector)",
            ])
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        switch t.engine {
        case .sqlite:
            try await db.run(["DROP TRIGGER request_search_insert", "DROP TRIGGER request_search_update", "DROP TRIGGER request_search_delete",
                              "DROP TABLE request_search", "DROP INDEX support_requests_search_id", "ALTER TABLE support_requests DROP COLUMN search_id"])
        case .postgres:
            try await db.run(["DROP INDEX support_requests_search", "ALTER TABLE support_requests DROP COLUMN search_vector"])
        }
        try await db.run(["DROP INDEX request_parties_list", "DROP INDEX request_parties_status", "DROP INDEX request_parties_deadline",
                          "CREATE INDEX request_parties_organisation ON request_parties (organisation_id, request_id)",
                          "ALTER TABLE request_parties DROP COLUMN created_at", "ALTER TABLE request_parties DROP COLUMN status",
                          "ALTER TABLE request_parties DROP COLUMN deadline_state", "ALTER TABLE request_parties DROP COLUMN needs"])
    }
}
