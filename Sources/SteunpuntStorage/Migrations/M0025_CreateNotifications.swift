import SQLKit

/// Notifications (issue 18): what a person is told happened to a record they deal with,
/// written in the transaction of the change. Kept per person, read or not.
enum M0025_CreateNotifications: Migration {
    static let id = 25
    static let name = "create notifications"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE notifications (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                object_type TEXT NOT NULL,
                object_id TEXT NOT NULL,
                number TEXT NOT NULL,
                title TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                read_at \(t.timestamp)
            )
            """,
            "CREATE INDEX notifications_user ON notifications (user_id, created_at)",
            "CREATE INDEX notifications_unread ON notifications (user_id, read_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE notifications"])
    }
}
