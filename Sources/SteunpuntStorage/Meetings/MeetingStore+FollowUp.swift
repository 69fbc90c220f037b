import Foundation
import SQLKit
import SteunpuntDomain

/// After a meeting: attendance marked on the check-in list, what it adds up to (per meeting
/// and per municipality), the report with its materials, and the attendees' feedback.
extension MeetingStore {
    // MARK: Attendance

    /// Marks the attendance of registrations of `meetingID` (nil: not marked), all or none:
    /// refused with `invalid` naming `aanwezigheid` when one is not a confirmed registration
    /// of the meeting. Only marks that change something are written, each with the audit
    /// event `audit` makes for it. `check` sees the meeting as locked and throws when marking
    /// is not allowed. Returns the registrations whose mark changed.
    @discardableResult
    public func markAttendance(_ marks: [UUID: Attendance?], of meetingID: UUID, by user: UUID, at now: Date,
                               check: @escaping @Sendable (Meeting) throws -> Void,
                               audit: @escaping @Sendable (UUID) -> AuditEvent? = { _ in nil }) async throws -> [UUID] {
        let engine = database.engine
        return try await database.transaction { db in
            guard let meeting = try await Self.lock(meetingID, on: db, engine: engine) else { throw DomainError.notFound }
            try check(meeting)
            guard !marks.isEmpty else { return [] }
            var current: [UUID: Attendance?] = [:]
            for row in try await db.select().column("id").column("attendance").from("meeting_registrations")
                .where("meeting_id", .equal, meetingID.uppercasedText).where("state", .equal, RegistrationState.confirmed.rawValue)
                .where("id", .in, marks.keys.map(\.uppercasedText)).all() {
                guard let id = UUID(text: try row.decode(column: "id", as: String.self)) else { continue }
                current[id] = try row.decodeNil(column: "attendance") ? nil : Attendance(rawValue: try row.decode(column: "attendance", as: String.self))
            }
            guard current.count == marks.count else {
                throw DomainError.invalid([FieldError(field: "aanwezigheid", code: "not_a_confirmed_registration")])
            }
            var changed: [UUID] = []
            for (id, mark) in marks.sorted(by: { $0.key.uppercasedText < $1.key.uppercasedText }) where current[id] != mark {
                try await RecordSkeletons.refuseIfDestroyed(.registration, id, on: db)
                try await db.update("meeting_registrations")
                    .set("attendance", to: mark.map { SQLBind($0.rawValue) as any SQLExpression } ?? SQLLiteral.null)
                    .set("attendance_at", to: SQLBind(now)).set("attendance_by", to: SQLBind(user.uppercasedText))
                    .where("id", .equal, id.uppercasedText).run()
                if let event = audit(id) { try await AuditStore.append(event, on: db, engine: engine) }
                changed.append(id)
            }
            if !changed.isEmpty { try await Self.refreshReach(of: meeting, on: db) }
            return changed
        }
    }

    /// What the attendance of `meetingID` adds up to.
    public func attendanceFigures(of meetingID: UUID) async throws -> AttendanceFigures {
        let rows = try await database.sql.raw("""
            SELECT r.attendance, COUNT(*) AS n FROM meeting_registrations r
            WHERE r.meeting_id = \(bind: meetingID.uppercasedText) AND r.state = \(bind: RegistrationState.confirmed.rawValue)
            GROUP BY r.attendance
            """).all()
        var figures = AttendanceFigures()
        for row in rows {
            let count = try row.decode(column: "n", as: Int.self)
            figures.places += count
            switch try row.decodeNil(column: "attendance") ? nil : Attendance(rawValue: try row.decode(column: "attendance", as: String.self)) {
            case .present: figures.present += count
            case .absent: figures.absent += count
            case .lateCancelled: figures.lateCancelled += count
            case nil: break
            }
        }
        let reach = try await database.sql.raw("""
            SELECT COUNT(DISTINCT r.organisation_id) AS organisations, COUNT(DISTINCT o.municipality_code) AS municipalities
            FROM meeting_registrations r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.meeting_id = \(bind: meetingID.uppercasedText) AND r.state = \(bind: RegistrationState.confirmed.rawValue)
              AND r.attendance = \(bind: Attendance.present.rawValue)
            """).first()
        figures.organisations = try reach?.decode(column: "organisations", as: Int.self) ?? 0
        figures.municipalities = try reach?.decode(column: "municipalities", as: Int.self) ?? 0
        return figures
    }

    // MARK: Report and materials

    /// Saves the report and the materials (offerings, in the order given) of `meetingID`.
    public func saveReport(_ report: String, materials: [UUID], of meetingID: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> Meeting {
        let engine = database.engine
        return try await database.transaction { db in
            guard var meeting = try await Self.lock(meetingID, on: db, engine: engine) else { throw DomainError.notFound }
            meeting.report = report
            meeting.version += 1
            meeting.updatedAt = now
            try await db.update("meetings").set("report", to: report).set("version", to: meeting.version).set("updated_at", to: now)
                .where("id", .equal, meetingID.uppercasedText).run()
            try await db.delete(from: "meeting_materials").where("meeting_id", .equal, meetingID.uppercasedText).run()
            for (position, offering) in materials.enumerated() {
                try await db.insert(into: "meeting_materials").columns("meeting_id", "offering_id", "position")
                    .values(SQLBind(meetingID.uppercasedText), SQLBind(offering.uppercasedText), SQLBind(position)).run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return meeting
        }
    }

    /// The offerings linked to `meetingID` as its materials, in their order.
    public func materials(of meetingID: UUID) async throws -> [UUID] {
        try await database.sql.select().column("offering_id").from("meeting_materials").where("meeting_id", .equal, meetingID.uppercasedText)
            .orderBy("position").all().compactMap { UUID(text: try $0.decode(column: "offering_id", as: String.self)) }
    }

    // MARK: Feedback

    /// Stores `person`'s feedback on `meetingID`, once: `conflict("feedback_given")` for a
    /// second. `check` sees the meeting and the person's registration and throws when they may not.
    public func giveFeedback(rating: Int, text: String, on meetingID: UUID, by person: UUID, at now: Date,
                             check: @escaping @Sendable (Meeting, Registration?) throws -> Void, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            guard let meeting = try await Self.lock(meetingID, on: db, engine: engine) else { throw DomainError.notFound }
            let registration = try await db.select().column("*").from("meeting_registrations").where("meeting_id", .equal, meetingID.uppercasedText)
                .where("person_id", .equal, person.uppercasedText).where("state", .equal, RegistrationState.confirmed.rawValue).first()
                .map(Self.decodeRegistration)
            try check(meeting, registration)
            let given = try await db.select().column("person_id").from("meeting_feedback").where("meeting_id", .equal, meetingID.uppercasedText)
                .where("person_id", .equal, person.uppercasedText).first()
            if given != nil { throw DomainError.conflict("feedback_given") }
            try await db.insert(into: "meeting_feedback").columns("meeting_id", "person_id", "rating", "text", "created_at")
                .values(SQLBind(meetingID.uppercasedText), SQLBind(person.uppercasedText), SQLBind(rating), SQLBind(text), SQLBind(now)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Whether `person` gave feedback on `meetingID`.
    public func hasGivenFeedback(_ person: UUID, on meetingID: UUID) async throws -> Bool {
        try await database.sql.select().column("person_id").from("meeting_feedback").where("meeting_id", .equal, meetingID.uppercasedText)
            .where("person_id", .equal, person.uppercasedText).first() != nil
    }

    /// The feedback on `meetingID`, counted, with its texts (no names), newest first.
    public func feedback(on meetingID: UUID) async throws -> FeedbackSummary {
        let rows = try await database.sql.select().column("rating").column("text").from("meeting_feedback")
            .where("meeting_id", .equal, meetingID.uppercasedText).orderBy("created_at", .descending).all()
        var ratings = [Int](repeating: 0, count: 5)
        var texts: [String] = []
        for row in rows {
            let rating = try row.decode(column: "rating", as: Int.self)
            if (1...5).contains(rating) { ratings[rating - 1] += 1 }
            let text = try row.decode(column: "text", as: String.self)
            if !text.isEmpty { texts.append(text) }
        }
        return FeedbackSummary(count: rows.count, ratings: ratings, texts: texts)
    }
}
