import SQLKit

/// Failure counters for sign-in throttling, shared by every instance.
enum M0004_CreateSignInThrottle: Migration {
    static let id = 4
    static let name = "create sign-in throttle counters"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE sign_in_throttle (
                key TEXT PRIMARY KEY,
                failures \(t.bigint) NOT NULL,
                window_start \(t.timestamp) NOT NULL,
                locked_until \(t.timestamp)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["DROP TABLE sign_in_throttle"])
    }
}
