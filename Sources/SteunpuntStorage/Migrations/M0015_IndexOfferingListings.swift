import SQLKit

/// Toolbox listings by need or audience that stay index ranges at any size (issue 5,
/// performance): `offering_needs` and `offering_audiences` carry the offering's title,
/// visibility and status, and their listing indexes cover them, so "every offering for
/// this need, by title" walks one index in page order instead of sorting every match.
/// Kind and provider listings walk an index of `offerings` in title order.
enum M0015_IndexOfferingListings: Migration {
    static let id = 15
    static let name = "index offering listings"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        for table in ["offering_needs", "offering_audiences"] {
            try await db.run([
                "ALTER TABLE \(table) ADD COLUMN title TEXT NOT NULL DEFAULT ''",
                "ALTER TABLE \(table) ADD COLUMN visibility TEXT NOT NULL DEFAULT 'unit'",
                "ALTER TABLE \(table) ADD COLUMN status TEXT NOT NULL DEFAULT 'beschikbaar'",
                """
                UPDATE \(table) SET
                    title = (SELECT title FROM offerings WHERE offerings.id = \(table).offering_id),
                    visibility = (SELECT visibility FROM offerings WHERE offerings.id = \(table).offering_id),
                    status = (SELECT status FROM offerings WHERE offerings.id = \(table).offering_id)
                """,
            ])
        }
        try await db.run([
            "CREATE INDEX offering_needs_listing ON offering_needs (need_code, title, offering_id, visibility, status)",
            "CREATE INDEX offering_audiences_listing ON offering_audiences (audience, title, offering_id, visibility, status)",
            "CREATE INDEX offerings_kind_title ON offerings (kind, title, id)",
            "CREATE INDEX offerings_provider_title ON offerings (provider_id, title, id)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX offerings_provider_title", "DROP INDEX offerings_kind_title", "DROP INDEX offering_audiences_listing",
                          "DROP INDEX offering_needs_listing"])
        for table in ["offering_needs", "offering_audiences"] {
            try await db.run(["ALTER TABLE \(table) DROP COLUMN status", "ALTER TABLE \(table) DROP COLUMN visibility",
                              "ALTER TABLE \(table) DROP COLUMN title"])
        }
    }
}
