import SQLKit

/// After a meeting (issue 19): attendance on each registration (who marked it, when), the
/// meeting's short report and its materials (toolbox offerings, in order), and the
/// attendees' feedback, one per person per meeting (the primary key refuses a second).
enum M0032_AddMeetingFollowUp: Migration {
    static let id = 32
    static let name = "meeting attendance, report, materials and feedback"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE meeting_registrations ADD COLUMN attendance TEXT",
            "ALTER TABLE meeting_registrations ADD COLUMN attendance_at \(t.timestamp)",
            "ALTER TABLE meeting_registrations ADD COLUMN attendance_by TEXT REFERENCES users (id)",
            "ALTER TABLE meetings ADD COLUMN report TEXT NOT NULL DEFAULT ''",
            """
            CREATE TABLE meeting_materials (
                meeting_id TEXT NOT NULL REFERENCES meetings (id),
                offering_id TEXT NOT NULL REFERENCES offerings (id),
                position INTEGER NOT NULL,
                PRIMARY KEY (meeting_id, offering_id)
            )
            """,
            """
            CREATE TABLE meeting_feedback (
                meeting_id TEXT NOT NULL REFERENCES meetings (id),
                person_id TEXT NOT NULL REFERENCES users (id),
                rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
                text TEXT NOT NULL,
                created_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (meeting_id, person_id)
            )
            """,
            "CREATE INDEX meeting_feedback_meeting ON meeting_feedback (meeting_id, created_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP TABLE meeting_feedback",
            "DROP TABLE meeting_materials",
            "ALTER TABLE meetings DROP COLUMN report",
            "ALTER TABLE meeting_registrations DROP COLUMN attendance_by",
            "ALTER TABLE meeting_registrations DROP COLUMN attendance_at",
            "ALTER TABLE meeting_registrations DROP COLUMN attendance",
        ])
    }
}
