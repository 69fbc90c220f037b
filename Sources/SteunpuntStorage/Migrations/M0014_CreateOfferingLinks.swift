import SQLKit

/// The knowledge base (issue 5) links its articles and questions to offerings, and
/// offerings to each other: "see also", in the order the author gave.
enum M0014_CreateOfferingLinks: Migration {
    static let id = 14
    static let name = "create offering links"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE offering_links (
                offering_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
                related_id TEXT NOT NULL REFERENCES offerings (id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                PRIMARY KEY (offering_id, related_id)
            )
            """,
            "CREATE INDEX offering_links_related ON offering_links (related_id, offering_id)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE offering_links"])
    }
}
