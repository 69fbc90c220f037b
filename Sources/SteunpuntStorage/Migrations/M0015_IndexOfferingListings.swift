import SQLKit

/// Toolbox listings without words that stay index ranges at any size (issue 5,
/// performance). `offering_needs` and `offering_audiences` carry the offering's title,
/// kind, provider, visibility and status, and their listing indexes cover them, so "every
/// offering for this need, by title" (with a kind or provider filter too) is counted and
/// paged inside one index; `offerings` gets covering title indexes for listings by kind,
/// by provider and of everything. Only a page's rows are read from `offerings`.
enum M0015_IndexOfferingListings: Migration {
    static let id = 15
    static let name = "index offering listings"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        for table in ["offering_needs", "offering_audiences"] {
            try await db.run([
                "ALTER TABLE \(table) ADD COLUMN title TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE \(table) ADD COLUMN kind TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE \(table) ADD COLUMN provider_id TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE \(table) ADD COLUMN visibility TEXT NOT NULL DEFAULT 'unit'",
                "ALTER TABLE \(table) ADD COLUMN status TEXT NOT NULL DEFAULT 'beschikbaar'",
                """
                UPDATE \(table) SET
                    title = (SELECT title FROM offerings WHERE offerings.id = \(table).offering_id),
                    kind = (SELECT kind FROM offerings WHERE offerings.id = \(table).offering_id),
                    provider_id = (SELECT provider_id FROM offerings WHERE offerings.id = \(table).offering_id),
                    visibility = (SELECT visibility FROM offerings WHERE offerings.id = \(table).offering_id),
                    status = (SELECT status FROM offerings WHERE offerings.id = \(table).offering_id)
                """,
            ])
        }
        try await db.run([
            "CREATE INDEX offering_needs_listing ON offering_needs (need_code, title, offering_id, visibility, status, kind, provider_id)",
            "CREATE INDEX offering_audiences_listing ON offering_audiences (audience, title, offering_id, visibility, status, kind, provider_id)",
            "CREATE INDEX offerings_kind_listing ON offerings (kind, title, id, visibility, status)",
            "CREATE INDEX offerings_provider_listing ON offerings (provider_id, title, id, visibility, status)",
            "CREATE INDEX offerings_listing ON offerings (title, id, visibility, status)",
            "DROP INDEX offerings_title",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["CREATE INDEX offerings_title ON offerings (title, id)", "DROP INDEX offerings_listing", "DROP INDEX offerings_provider_listing",
                          "DROP INDEX offerings_kind_listing", "DROP INDEX offering_audiences_listing", "DROP INDEX offering_needs_listing"])
        for table in ["offering_needs", "offering_audiences"] {
            for column in ["status", "visibility", "provider_id", "kind", "title"] {
                try await db.run(["ALTER TABLE \(table) DROP COLUMN \(column)"])
            }
        }
    }
}
