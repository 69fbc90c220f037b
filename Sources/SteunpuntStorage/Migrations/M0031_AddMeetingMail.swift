import SQLKit

/// Meeting mail (issue 19): a mail in the outbox may carry a calendar invitation (its
/// iCalendar text, encrypted at rest as the body is and erased once sent, and its iTIP
/// method), and a confirmed registration remembers when its reminder went out, so two
/// days before a meeting each person is reminded once, however many instances run.
enum M0031_AddMeetingMail: Migration {
    static let id = 31
    static let name = "meeting mail"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE mail_outbox ADD COLUMN calendar TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE mail_outbox ADD COLUMN calendar_method TEXT",
            "ALTER TABLE meeting_registrations ADD COLUMN reminded_at \(t.timestamp)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE meeting_registrations DROP COLUMN reminded_at",
            "ALTER TABLE mail_outbox DROP COLUMN calendar_method",
            "ALTER TABLE mail_outbox DROP COLUMN calendar",
        ])
    }
}
