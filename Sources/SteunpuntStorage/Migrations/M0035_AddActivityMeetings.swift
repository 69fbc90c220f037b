import SQLKit

/// A desk activity can name the meeting it was (issue 19): a training or a regional
/// meeting the requester's people took part in, so the request links to it.
enum M0035_AddActivityMeetings: Migration {
    static let id = 35
    static let name = "activities name their meeting"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE request_activities ADD COLUMN meeting_id TEXT REFERENCES meetings (id)",
            "CREATE INDEX request_activities_meeting ON request_activities (meeting_id) WHERE meeting_id IS NOT NULL",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX request_activities_meeting", "ALTER TABLE request_activities DROP COLUMN meeting_id"])
    }
}
