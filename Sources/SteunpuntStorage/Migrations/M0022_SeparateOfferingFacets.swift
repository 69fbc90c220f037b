import SQLKit

/// PostgreSQL's toolbox index keeps an offering's facets (`OfferingFacets`) as lexemes no
/// search word can be (`#fsoorttraining`, without positions) instead of weight-D words
/// (issue 5, performance). A search then needs no weight restriction to keep user words off
/// the facets, so the GIN index answers exactly and PostgreSQL no longer reads and checks
/// every matching row's vector again. SQLite keeps its facets in their own FTS5 column.
enum M0022_SeparateOfferingFacets: Migration {
    static let id = 22
    static let name = "separate offering facets"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await index(facets: "array_to_tsvector(string_to_array('#' || replace(search_facets, ' ', ' #'), ' '))", on: db, types: t)
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await index(facets: "setweight(to_tsvector('simple', search_facets), 'D')", on: db, types: t)
    }

    /// The vector again, with the words weighted as before and the facets as given.
    private static func index(facets: String, on db: any SQLDatabase, types t: ColumnTypes) async throws {
        guard t.engine == .postgres else { return }
        try await db.run([
            "DROP INDEX offerings_search",
            "ALTER TABLE offerings DROP COLUMN search_vector",
            """
            ALTER TABLE offerings ADD COLUMN search_vector tsvector GENERATED ALWAYS AS \
            (setweight(to_tsvector('simple', search_title), 'A') || setweight(to_tsvector('simple', search_body), 'B') || \(facets)) STORED
            """,
            "CREATE INDEX offerings_search ON offerings USING GIN (search_vector)",
        ])
    }
}
