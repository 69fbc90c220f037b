import SQLKit
import SteunpuntDomain

/// The meetings' reach kept as it changes (issue 17 and 19): what each meeting adds per
/// municipality (people present) and the sums per year, so the unit's dashboard and the
/// turnout page read at most a row per municipality instead of counting every attendance
/// of the year. Filled from the registrations already marked.
enum M0036_CreateMeetingReach: Migration {
    static let id = 36
    static let name = "meeting reach per municipality and year"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE meeting_reach (
                meeting_id TEXT NOT NULL REFERENCES meetings (id),
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                year INTEGER NOT NULL,
                attendees INTEGER NOT NULL CHECK (attendees > 0),
                PRIMARY KEY (meeting_id, municipality_code)
            )
            """,
            """
            CREATE TABLE meeting_reach_years (
                year INTEGER NOT NULL,
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                attendees INTEGER NOT NULL,
                meetings INTEGER NOT NULL,
                PRIMARY KEY (year, municipality_code)
            )
            """,
        ])
        let ids = try await db.select().distinct().column("meeting_id").from("meeting_registrations")
            .where("attendance", .equal, Attendance.present.rawValue).all()
            .map { try $0.decode(column: "meeting_id", as: String.self) }
        for id in ids {
            guard let row = try await db.select().column("*").from("meetings").where("id", .equal, id).first() else { continue }
            try await MeetingStore.refreshReach(of: try MeetingStore.decode(row), on: db)
        }
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE meeting_reach_years", "DROP TABLE meeting_reach"])
    }
}
