import SQLKit

/// Municipalities (CBS reference data) and the organisations that take part.
enum M0001_CreateReferenceTables: Migration {
    static let id = 1
    static let name = "create municipalities and organisations"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE municipalities (
                code TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                search_key TEXT NOT NULL,
                province TEXT NOT NULL,
                population \(t.bigint) NOT NULL CHECK (population >= 0),
                is_priority \(t.boolean) NOT NULL DEFAULT FALSE,
                ended_on \(t.timestamp),
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX municipalities_province ON municipalities (province)",
            "CREATE INDEX municipalities_search_key ON municipalities (search_key)",
            """
            CREATE TABLE organisations (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                search_key TEXT NOT NULL,
                kind TEXT NOT NULL,
                municipality_code TEXT REFERENCES municipalities (code),
                parent_id TEXT REFERENCES organisations (id),
                is_active \(t.boolean) NOT NULL DEFAULT TRUE,
                created_at \(t.timestamp) NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            "CREATE INDEX organisations_kind ON organisations (kind)",
            "CREATE INDEX organisations_municipality ON organisations (municipality_code)",
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["DROP TABLE organisations", "DROP TABLE municipalities"])
    }
}
