import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntStorage

/// Meetings at scale (issue 19), for `scripts/load-meetings`: `fill-meetings M R URL WORK`
/// adds, to a database with the demo, M meetings organised by the NCTV (most held, with
/// attendance marked; the rest to come), R registrations spread over 5,000 generated
/// officials, and for the load run: a meeting to come with R/M registrations whose page and
/// check-in list are read, the calendar feed of an official with about a hundred places,
/// and 8,000 officials with an API token each who have not registered for the open meeting
/// `WORK/open-meeting` names (their tokens in `WORK/tokens.txt`), to register at once; and a
/// session of the unit's adviser (`WORK/session`) for the dashboard and the turnout page.
/// Bulk inserts in the shape `MeetingStore` writes.
enum MeetingBenchmark {
    static let people = 5_000
    static let registrants = 8_000

    /// The columns of `meetings`, as `MeetingStore` writes them.
    static let columns = ["id", "kind", "title", "description", "organiser_id", "provinces", "municipalities", "audience", "venue", "online_link",
                          "starts_at", "ends_at", "capacity", "per_organisation", "registration_opens_at", "registration_closes_at",
                          "cancellation_deadline", "offer_hold_hours", "visibility", "status", "version", "sequence", "created_by", "created_at",
                          "updated_at", "report"]

    static func values(_ m: Meeting) -> [any SQLExpression] {
        [SQLBind(m.id.uppercasedText), SQLBind(m.kind.rawValue), SQLBind(m.title), SQLBind(m.description), SQLBind(m.organiser.rawValue),
         SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(m.venue), SQLLiteral.null, SQLBind(m.startsAt), SQLBind(m.endsAt), SQLBind(m.capacity),
         SQLLiteral.null, SQLLiteral.null, SQLBind(m.registrationClosesAt), SQLBind(m.cancellationDeadline), SQLBind(m.offerHoldHours),
         SQLBind(m.visibility.rawValue), SQLBind(m.status.rawValue), SQLBind(m.version), SQLBind(m.sequence), SQLBind(m.createdBy.uppercasedText),
         SQLBind(m.createdAt), SQLBind(m.updatedAt), SQLBind(m.report)]
    }

    /// Inserts `rows` into `table` in batches of 500, each in its own transaction.
    static func insert(_ rows: [[any SQLExpression]], into table: String, columns: [String], database: Database) async throws {
        for start in stride(from: 0, to: rows.count, by: 500) {
            let batch = Array(rows[start..<min(start + 500, rows.count)])
            try await database.transaction { db in
                var insert = db.insert(into: table).columns(columns)
                for row in batch { insert = insert.values(row) }
                try await insert.run()
            }
        }
    }

    static func fill(_ database: Database, meetings count: Int, registrations: Int, organiser: UUID, work: URL) async throws {
        let now = Date()
        let codes = try await MunicipalityStore(database: database).all().map(\.code.rawValue)
        // Officials of the municipalities, in order.
        let officials: [(id: String, organisation: String)] = (0..<(people + registrants)).map { n in (UUID().uppercasedText, codes[n % codes.count]) }
        try await insert(officials.enumerated().map { n, official in
            [SQLBind(official.id), SQLBind("bench-\(n)-\(official.id.prefix(6).lowercased())@gemeente.example"), SQLBind("Ambtenaar \(n)"),
             SQLBind("ambtenaar \(n)"), SQLBind(official.organisation), SQLBind(Role.municipalOfficial.rawValue), SQLBind("x"), SQLBind(true),
             SQLBind(now), SQLBind(now), SQLBind(now)]
        }, into: "users", columns: ["id", "email", "name", "search_key", "organisation_id", "role", "password_hash", "is_active", "created_at", "updated_at",
                                    "role_since"], database: database)
        // Meetings: two in three held (a year back), the rest to come (the next year).
        let meetingRows: [(id: String, held: Bool, row: [any SQLExpression])] = (0..<count).map { n in
            let held = n % 3 != 0
            let begin = held ? now.addingTimeInterval(-Double(n % 365 + 1) * 86_400) : now.addingTimeInterval(Double(n % 365 + 2) * 86_400)
            let meeting = Meeting(id: UUID(), kind: .regionalMeeting, title: "Kennisbijeenkomst \(n)", description: "Over **vroegsignalering**.",
                                  organiser: .nctv, venue: "Stadhuis", startsAt: begin, endsAt: begin.addingTimeInterval(3 * 3600), capacity: 100,
                                  registrationClosesAt: begin, cancellationDeadline: begin, visibility: .publicAccess, status: held ? .held : .open,
                                  createdBy: organiser, createdAt: now, updatedAt: now)
            return (meeting.id.uppercasedText, held, values(meeting))
        }
        try await insert(meetingRows.map(\.row), into: "meetings", columns: columns, database: database)
        // Registrations: R spread over the meetings, each meeting's people different officials.
        let perMeeting = max(1, registrations / max(1, count))
        let registrationRows: [[any SQLExpression]] = (0..<min(registrations, perMeeting * count)).map { n in
            let meetingIndex = n / perMeeting, position = n % perMeeting
            let meeting = meetingRows[meetingIndex]
            let person = officials[(meetingIndex * 37 + position) % people]
            let attendance: any SQLExpression = meeting.held ? SQLBind(position % 5 == 0 ? Attendance.absent.rawValue : Attendance.present.rawValue)
                : SQLLiteral.null
            return [SQLBind(UUID().uppercasedText), SQLBind(meeting.id), SQLBind(person.id), SQLBind(person.organisation), SQLBind(""),
                    SQLBind(RegistrationState.confirmed.rawValue), SQLBind(position + 1), SQLBind(now), SQLBind(now), attendance]
        }
        try await insert(registrationRows, into: "meeting_registrations",
                         columns: ["id", "meeting_id", "person_id", "organisation_id", "needs", "state", "position", "created_at", "changed_at", "attendance"],
                         database: database)
        let written = registrationRows.count
        try await MeetingStore(database: database).rebuildReach()
        let meetingIDs = meetingRows.map { (id: $0.id, held: $0.held) }
        // The meeting to come whose page and check-in list are read: the first one to come.
        guard let upcoming = meetingIDs.first(where: { !$0.held }) else { fatalError("no meeting to come") }
        // An open meeting with room for everyone, for the registration run.
        let open = Meeting(id: UUID(), kind: .training, title: "Training onder last", description: "", organiser: .nctv, venue: "Den Haag",
                           startsAt: now.addingTimeInterval(30 * 86_400), endsAt: now.addingTimeInterval(30 * 86_400 + 3600), capacity: registrants,
                           registrationClosesAt: now.addingTimeInterval(29 * 86_400), cancellationDeadline: now.addingTimeInterval(29 * 86_400),
                           visibility: .signedIn, status: .open, createdBy: organiser, createdAt: now, updatedAt: now)
        try await database.sql.insert(into: "meetings").columns(columns).values(values(open)).run()
        // Tokens for the officials who register in the run (none of them registered for the open meeting).
        let tokens = (0..<registrants).map { _ in SecretToken.generate(prefix: "spt_") }
        try await insert(tokens.enumerated().map { index, secret in
            [SQLBind(UUID().uppercasedText), SQLBind(officials[people + index].id), SQLBind("load"), SQLBind(SecretToken.digest(secret)),
             SQLBind("lezen schrijven"), SQLBind(now), SQLBind(now.addingTimeInterval(86_400))]
        }, into: "api_tokens", columns: ["id", "user_id", "name", "token_hash", "scopes", "created_at", "expires_at"], database: database)
        // The official with the most places (the first): a calendar feed.
        let feed = SecretToken.generate(prefix: "spa_")
        guard let person = UUID(text: officials[0].id) else { fatalError() }
        try await CalendarFeedStore(database: database).issue(feed, for: person, at: now)
        let places = try await MeetingStore(database: database).confirmedMeetings(of: person, from: now.addingTimeInterval(-30 * 86_400)).count
        // A session of the unit's adviser, whose dashboard counts the municipalities reached this year.
        guard let adviser = try await UserStore(database: database).credentials(email: "adviseur@ess.example")?.user else { fatalError("no demo adviser") }
        let session = SecretToken.generate()
        try await SessionStore(database: database).create(token: session, csrfToken: "c", user: adviser.id, at: now, lifetime: .init())
        // The unit's roles must use two-step verification: turned on, so the session reaches the dashboard, not the enrolment page.
        guard let key = ProcessInfo.processInfo.environment["STEUNPUNT_ENCRYPTION_KEY"].flatMap({ Data(base64Encoded: $0) }) else {
            fatalError("STEUNPUNT_ENCRYPTION_KEY is not set")
        }
        let mfa = MFAStore(database: database, box: try SecretBox(key: key))
        try await mfa.begin(user: adviser.id, secret: "JBSWY3DPEHPK3PXP")
        try await mfa.confirm(user: adviser.id, step: 1, recoveryCodes: [], at: now)
        try "\(session)\n".write(to: work.appendingPathComponent("session"), atomically: true, encoding: .utf8)
        try tokens.joined(separator: "\n").write(to: work.appendingPathComponent("tokens.txt"), atomically: true, encoding: .utf8)
        try "\(upcoming.id.lowercased())\n".write(to: work.appendingPathComponent("meeting"), atomically: true, encoding: .utf8)
        try "\(open.id.lowercasedText)\n".write(to: work.appendingPathComponent("open-meeting"), atomically: true, encoding: .utf8)
        try "\(feed)\n".write(to: work.appendingPathComponent("feed"), atomically: true, encoding: .utf8)
        FileHandle.standardError.write(Data("\(count) meetings, \(written) registrations, \(perMeeting) per meeting; the feed holds \(places) meetings\n".utf8))
    }
}
