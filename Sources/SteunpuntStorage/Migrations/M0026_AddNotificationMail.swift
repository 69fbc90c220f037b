import SQLKit

/// Notification mail (issue 18): each person's choices (per kind: at once, in the daily
/// digest, or not; the digest hour; the language), and on each notification when its mail
/// is due and when it went into the outbox. The outbox keeps the `List-Unsubscribe`
/// address of a notification mail.
enum M0026_AddNotificationMail: Migration {
    static let id = 26
    static let name = "add notification mail"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE notification_settings (
                user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
                digest_hour INTEGER NOT NULL,
                language TEXT NOT NULL,
                updated_at \(t.timestamp) NOT NULL
            )
            """,
            """
            CREATE TABLE notification_preferences (
                user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
                kind TEXT NOT NULL,
                delivery TEXT NOT NULL,
                PRIMARY KEY (user_id, kind)
            )
            """,
            "ALTER TABLE notifications ADD COLUMN mail_due_at \(t.timestamp)",
            "ALTER TABLE notifications ADD COLUMN mailed_at \(t.timestamp)",
            "CREATE INDEX notifications_mail_due ON notifications (mail_due_at) WHERE mailed_at IS NULL AND mail_due_at IS NOT NULL",
            "ALTER TABLE mail_outbox ADD COLUMN list_unsubscribe TEXT",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE mail_outbox DROP COLUMN list_unsubscribe",
            "DROP INDEX notifications_mail_due",
            "ALTER TABLE notifications DROP COLUMN mailed_at",
            "ALTER TABLE notifications DROP COLUMN mail_due_at",
            "DROP TABLE notification_preferences",
            "DROP TABLE notification_settings",
        ])
    }
}
