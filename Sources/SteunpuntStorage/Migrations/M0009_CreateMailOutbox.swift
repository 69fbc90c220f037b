import SQLKit

/// The mail outbox: messages stored with the change they report, sent by a background service.
enum M0009_CreateMailOutbox: Migration {
    static let id = 9
    static let name = "create mail outbox"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE mail_outbox (
                id TEXT PRIMARY KEY,
                purpose TEXT NOT NULL,
                recipient TEXT NOT NULL,
                subject TEXT NOT NULL,
                body TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                next_attempt_at \(t.timestamp) NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                sent_at \(t.timestamp),
                failed_at \(t.timestamp),
                last_error TEXT
            )
            """,
            "CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL",
            "CREATE INDEX mail_outbox_recipient ON mail_outbox (recipient)",
        ])
    }

    static func revert(on db: any SQLDatabase, types: ColumnTypes) async throws {
        try await db.run(["DROP TABLE mail_outbox"])
    }
}
