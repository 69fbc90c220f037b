import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Meetings' reach per municipality and year, kept as it changes, on both engines")
struct MeetingReachTests {
    typealias T = MeetingStoreTests

    /// The reach counted the long way, over every registration: "year code attendees meetings".
    static func counted(_ database: Database) async throws -> [String] {
        let rows = try await database.sql.raw("""
            SELECT g.id AS meeting, g.starts_at AS starts, o.municipality_code AS code
            FROM meeting_registrations r JOIN meetings g ON g.id = r.meeting_id JOIN organisations o ON o.id = r.organisation_id
            WHERE r.state = \(bind: RegistrationState.confirmed.rawValue) AND r.attendance = \(bind: Attendance.present.rawValue)
              AND g.status <> \(bind: MeetingStatus.cancelled.rawValue)
            """).all()
        var attendees: [String: Int] = [:], meetings: [String: Set<String>] = [:]
        for row in rows {
            let year = DutchCalendar().calendar.component(.year, from: try row.decode(column: "starts", as: Date.self))
            let key = "\(year) \(try row.decode(column: "code", as: String.self))"
            attendees[key, default: 0] += 1
            meetings[key, default: []].insert(try row.decode(column: "meeting", as: String.self))
        }
        return attendees.map { "\($0.key) \($0.value) \(meetings[$0.key]?.count ?? 0)" }.sorted()
    }

    /// The reach as the store keeps it, for the years the test uses.
    static func kept(_ store: MeetingStore) async throws -> [String] {
        var lines: [String] = []
        for year in 2026...2028 {
            lines += try await store.attendanceByMunicipality(year: year).map { "\(year) \($0.municipality.rawValue) \($0.attendees) \($0.meetings)" }
        }
        return lines.sorted()
    }

    static func draft(starts: String, status: MeetingStatus = .open) throws -> MeetingDraft.Valid {
        try MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Kennisbijeenkomst", organiser: "nctv", venue: "Den Haag",
                         startsAt: "\(starts)T13:00", endsAt: "\(starts)T17:00", capacity: "10", offerHoldHours: "48",
                         visibility: Visibility.signedIn.rawValue, status: status.rawValue).validated()
    }

    @Test("marking, clearing, a cancelled place, a meeting moved to another year and a cancelled meeting: the kept figures equal the counted ones at every step",
          arguments: TestEngine.available)
    func keptInStep(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let creator = try await T.creator(database)
            // Two officials in each of three municipalities.
            let people = try await T.people(database, 3) + T.people(database, 3)
            let codes = people.prefix(3).map(\.organisation.rawValue)
            var a = try await store.create(try Self.draft(starts: "2027-05-20"), id: UUID(), by: creator.id, at: T.now)
            var b = try await store.create(try Self.draft(starts: "2027-09-14"), id: UUID(), by: creator.id, at: T.now)
            var onA: [Registration] = [], onB: [Registration] = []
            for person in people.prefix(5) { onA.append(try await T.register(store, a, person)) }
            for person in people.prefix(2) { onB.append(try await T.register(store, b, person)) }
            func expectInStep(_ expected: [String], _ comment: Comment) async throws {
                let kept = try await Self.kept(store)
                #expect(kept == expected, comment)
                #expect(kept == (try await Self.counted(database)), comment)
                #expect(try await store.municipalitiesReached(year: 2027) == Set(expected.filter { $0.hasPrefix("2027") }.map { $0.split(separator: " ")[1] }).count)
            }
            try await expectInStep([], "nothing marked, nobody reached")

            try await store.markAttendance([onA[0].id: .present, onA[1].id: .present, onA[3].id: .present, onA[4].id: .absent],
                                           of: a.id, by: creator.id, at: T.now, check: { _ in })
            try await expectInStep(["2027 \(codes[0]) 2 1", "2027 \(codes[1]) 1 1"], "the absent do not count")
            try await store.markAttendance([onB[0].id: .present, onB[1].id: .present], of: b.id, by: creator.id, at: T.now, check: { _ in })
            try await expectInStep(["2027 \(codes[0]) 3 2", "2027 \(codes[1]) 2 2"], "a second meeting adds people and a meeting")
            try await store.markAttendance([onA[3].id: nil], of: a.id, by: creator.id, at: T.now, check: { _ in })
            try await expectInStep(["2027 \(codes[0]) 2 2", "2027 \(codes[1]) 2 2"], "a cleared mark takes its person out")
            _ = try await store.move(onA[1].id, to: .cancelled, actor: nil, reason: "", at: T.now, check: { _, _ in })
            try await expectInStep(["2027 \(codes[0]) 2 2", "2027 \(codes[1]) 1 1"], "a place cancelled after marking no longer counts")

            b = try await store.update(b.id, with: try Self.draft(starts: "2028-01-10"), expectedVersion: b.version, at: T.now)
            try await expectInStep(["2027 \(codes[0]) 1 1", "2028 \(codes[0]) 1 1", "2028 \(codes[1]) 1 1"], "a meeting moved counts in its new year")
            // New Year's Eve in Amsterdam is already the next year in UTC an hour later, not before.
            b = try await store.update(b.id, with: try MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Oudejaarsavond", organiser: "nctv",
                                                                    venue: "Den Haag", startsAt: "2028-01-01T00:30", endsAt: "2028-01-01T02:00",
                                                                    capacity: "10", offerHoldHours: "48", visibility: Visibility.signedIn.rawValue,
                                                                    status: MeetingStatus.open.rawValue).validated(),
                                   expectedVersion: b.version, at: T.now)
            try await expectInStep(["2027 \(codes[0]) 1 1", "2028 \(codes[0]) 1 1", "2028 \(codes[1]) 1 1"], "the year is the Dutch one")
            a = try await store.update(a.id, with: try Self.draft(starts: "2027-05-20", status: .cancelled), expectedVersion: a.version, at: T.now)
            try await expectInStep(["2028 \(codes[0]) 1 1", "2028 \(codes[1]) 1 1"], "a cancelled meeting reached nobody")

            // Counted again from scratch, the figures are the same.
            try await database.sql.delete(from: "meeting_reach_years").run()
            try await database.sql.delete(from: "meeting_reach").run()
            try await store.rebuildReach()
            try await expectInStep(["2028 \(codes[0]) 1 1", "2028 \(codes[1]) 1 1"], "rebuilt from the registrations")
        }
    }
}
