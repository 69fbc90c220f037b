import SQLKit

/// A person's own calendar feed (issue 19): the digest of the secret in its address, one
/// per person (a new one replaces the old, revoking it), never the secret itself.
enum M0033_CreateCalendarFeeds: Migration {
    static let id = 33
    static let name = "personal calendar feeds"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE calendar_feeds (
                user_id TEXT PRIMARY KEY REFERENCES users (id),
                digest TEXT NOT NULL UNIQUE,
                created_at \(t.timestamp) NOT NULL
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE calendar_feeds"])
    }
}
