import Foundation
import SQLKit
import SteunpuntDomain

/// The meetings' reach per municipality and year, kept as it changes rather than counted
/// over every registration when read: `meeting_reach` holds what each meeting adds (its
/// people present per municipality, and the Dutch year it began in) and `meeting_reach_years`
/// the sums per year and municipality. Every write that can change what a meeting adds —
/// marking attendance, moving a registration out of its place, moving or cancelling the
/// meeting — calls `refreshReach(of:on:)` in its own transaction, so the figures are never
/// out of step with the registrations they come from.
extension MeetingStore {
    /// Per municipality, the people present at meetings that began in `year` (Dutch time)
    /// and at how many meetings; most attendees first.
    public func attendanceByMunicipality(year: Int) async throws -> [MunicipalityAttendance] {
        try await database.sql.raw("""
            SELECT y.municipality_code AS code, m.name AS name, y.attendees AS attendees, y.meetings AS meetings
            FROM meeting_reach_years y JOIN municipalities m ON m.code = y.municipality_code
            WHERE y.year = \(bind: year) AND y.attendees > 0
            ORDER BY y.attendees DESC, m.name
            """).all().compactMap { row in
                guard let code = MunicipalityCode(try row.decode(column: "code", as: String.self)) else { return nil }
                return MunicipalityAttendance(municipality: code, name: try row.decode(column: "name", as: String.self),
                                              attendees: try row.decode(column: "attendees", as: Int.self), meetings: try row.decode(column: "meetings", as: Int.self))
            }
    }

    /// How many municipalities had people present at a meeting that began in `year`.
    public func municipalitiesReached(year: Int) async throws -> Int {
        try await database.sql.raw("SELECT COUNT(*) AS n FROM meeting_reach_years WHERE year = \(bind: year) AND attendees > 0")
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Counts the reach of every meeting again from its registrations: for data written
    /// around the store (a migration, a generated benchmark database).
    public func rebuildReach() async throws {
        let engine = database.engine
        let ids = try await database.sql.raw("""
            SELECT DISTINCT meeting_id FROM meeting_registrations WHERE attendance = \(bind: Attendance.present.rawValue)
            UNION SELECT DISTINCT meeting_id FROM meeting_reach
            """).all().compactMap { UUID(text: try $0.decode(column: "meeting_id", as: String.self)) }
        for id in ids {
            try await database.transaction { db in
                if let meeting = try await Self.lock(id, on: db, engine: engine) { try await Self.refreshReach(of: meeting, on: db) }
            }
        }
    }

    /// The Dutch calendar year `meeting` counts in: the year it begins in, in Europe/Amsterdam.
    static func reachYear(of meeting: Meeting) -> Int {
        DutchCalendar().calendar.component(.year, from: meeting.startsAt)
    }

    /// Brings what `meeting` (as it is now, in the caller's transaction) adds to the reach in
    /// line with its registrations: people confirmed and marked present, per municipality of
    /// their organisation; nothing for a cancelled meeting. The yearly sums change by the
    /// difference, in a fixed order so two transactions never wait on each other in turn.
    static func refreshReach(of meeting: Meeting, on db: any SQLDatabase) async throws {
        struct Share: Hashable { let year: Int; let code: String }
        let id = meeting.id.uppercasedText
        var now: [Share: Int] = [:]
        if meeting.status != .cancelled {
            let year = reachYear(of: meeting)
            for row in try await db.raw("""
                SELECT o.municipality_code AS code, COUNT(*) AS n FROM meeting_registrations r JOIN organisations o ON o.id = r.organisation_id
                WHERE r.meeting_id = \(bind: id) AND r.state = \(bind: RegistrationState.confirmed.rawValue)
                  AND r.attendance = \(bind: Attendance.present.rawValue) AND o.municipality_code IS NOT NULL
                GROUP BY o.municipality_code
                """).all() {
                now[Share(year: year, code: try row.decode(column: "code", as: String.self))] = try row.decode(column: "n", as: Int.self)
            }
        }
        var before: [Share: Int] = [:]
        for row in try await db.select().columns("year", "municipality_code", "attendees").from("meeting_reach").where("meeting_id", .equal, id).all() {
            before[Share(year: try row.decode(column: "year", as: Int.self), code: try row.decode(column: "municipality_code", as: String.self))] =
                try row.decode(column: "attendees", as: Int.self)
        }
        guard now != before else { return }
        let shares = Set(now.keys).union(before.keys).sorted { ($0.year, $0.code) < ($1.year, $1.code) }
        for share in shares {
            let attendees = (now[share] ?? 0) - (before[share] ?? 0)
            let meetings = (now[share] == nil ? 0 : 1) - (before[share] == nil ? 0 : 1)
            guard attendees != 0 || meetings != 0 else { continue }
            try await db.raw("""
                INSERT INTO meeting_reach_years (year, municipality_code, attendees, meetings)
                VALUES (\(bind: share.year), \(bind: share.code), \(bind: attendees), \(bind: meetings))
                ON CONFLICT (year, municipality_code) DO UPDATE SET attendees = meeting_reach_years.attendees + \(bind: attendees),
                    meetings = meeting_reach_years.meetings + \(bind: meetings)
                """).run()
        }
        try await db.delete(from: "meeting_reach").where("meeting_id", .equal, id).run()
        guard !now.isEmpty else { return }
        var insert = db.insert(into: "meeting_reach").columns("meeting_id", "municipality_code", "year", "attendees")
        for (share, attendees) in now.sorted(by: { $0.key.code < $1.key.code }) {
            insert = insert.values(SQLBind(id), SQLBind(share.code), SQLBind(share.year), SQLBind(attendees))
        }
        try await insert.run()
    }
}
