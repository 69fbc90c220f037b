import Foundation
import SQLKit
import SteunpuntDomain

/// Per kind of record the lists take: which records are due, and what destroying one
/// leaves. A skeleton keeps what the figures and indicators count (kind, dates,
/// municipality, needs, channel, outcome, status, classification, the organisations
/// involved, activities' kinds and hours, feedback's score; a registration's meeting,
/// organisation, state and attendance; a network entry's kind, municipality, themes and
/// introductions; a quickscan response's choices, scales and scores) and loses every free
/// text (title, description, contact, messages, notes, reasons, comments, the
/// neighbourhood, a registration's needs, a network entry's name, role and contact route, a
/// quickscan response's written answers) and the person a request was assigned to. The
/// notifications about it lose their title.
enum RecordSkeletons {
    /// The title a destroyed request shows in lists instead of its own.
    static func destroyedTitle(list: String) -> String { "Vernietigd (\(list))" }

    /// The one rule every writing path of a kind the lists take calls on its transaction:
    /// a destroyed record (a skeleton) takes no more changes, messages, notes or steps,
    /// which would put text back into it; `conflict("record_destroyed")`.
    static func refuseIfDestroyed(_ type: RetentionRecordType, _ id: UUID, on db: any SQLDatabase) async throws {
        guard type.isListed else { return }
        let row = try await db.select().column("destroyed_at").from(table(type)).where("id", .equal, id.uppercasedText).first()
        if let row, !(try row.decodeNil(column: "destroyed_at")) { throw DomainError.conflict("record_destroyed") }
    }

    /// The table a listed kind's records are rows of.
    static func table(_ type: RetentionRecordType) -> String {
        switch type {
        case .supportRequest: "support_requests"
        case .incident: "incidents"
        case .registration: "meeting_registrations"
        case .quickscanResponse: "quickscan_responses"
        case .networkEntry: "network_entries"
        case .webhookDelivery: "webhook_deliveries"
        case .session: "sessions"
        case .auditTrail: "audit_events"
        }
    }

    /// Not on a list still running and not excluded past `today`.
    static func notListed(_ type: RetentionRecordType, alias: String, today: String) -> SQLQueryString {
        """
        NOT EXISTS (SELECT 1 FROM destruction_items listed JOIN destruction_lists list ON list.id = listed.list_id
                    WHERE listed.record_type = \(bind: type.rawValue) AND listed.record_id = \(unsafeRaw: alias).id
                    AND (list.status <> \(bind: DestructionListStatus.destroyed.rawValue) OR listed.excluded_until > \(bind: today)))
        """
    }

    /// In SQL, `type.reference(id)` of the row `alias` (ids are stored in capitals).
    static func reference(_ type: RetentionRecordType, _ alias: String) -> SQLQueryString {
        "'\(unsafeRaw: type.referencePrefix ?? "")-' || SUBSTR(\(unsafeRaw: alias).id, 1, 8)"
    }

    /// Every record of `type` whose period ran from before `cutoff`, with `id`, `number`,
    /// `municipality_code` and `runs_from`, oldest first.
    static func dueQuery(_ type: RetentionRecordType, cutoff: Date, today: String, limit: Int) -> SQLQueryString {
        switch type {
        case .supportRequest:
            """
            SELECT r.id, r.number, r.municipality_code, r.closed_at AS runs_from FROM support_requests r
            WHERE r.destroyed_at IS NULL AND r.closed_at < \(bind: cutoff) AND r.status = \(bind: RequestStatus.closed.rawValue)
            AND \(notListed(type, alias: "r", today: today))
            ORDER BY r.closed_at, r.number LIMIT \(unsafeRaw: String(limit))
            """
        case .incident:
            // Closed when its status last became closed (an incident registered closed: when registered).
            """
            SELECT due.id, due.number, due.municipality_code, due.runs_from FROM (
                SELECT n.id, n.number, n.municipality_code,
                       COALESCE((SELECT MAX(h.changed_at) FROM incident_history h WHERE h.incident_id = n.id AND h.change = 'status'
                                 AND h.to_value = \(bind: IncidentStatus.closed.rawValue)), n.created_at) AS runs_from
                FROM incidents n WHERE n.status = \(bind: IncidentStatus.closed.rawValue) AND n.destroyed_at IS NULL
            ) due
            WHERE due.runs_from < \(bind: cutoff) AND \(notListed(type, alias: "due", today: today))
            ORDER BY due.runs_from, due.number LIMIT \(unsafeRaw: String(limit))
            """
        case .registration:
            // Every registration of a meeting that ended before the cutoff, whatever its state; the
            // municipality is its organisation's (none for the unit, a desk or a school board).
            """
            SELECT r.id, \(reference(type, "r")) AS number, COALESCE(o.municipality_code, '') AS municipality_code, m.ends_at AS runs_from
            FROM meeting_registrations r JOIN meetings m ON m.id = r.meeting_id JOIN organisations o ON o.id = r.organisation_id
            WHERE r.destroyed_at IS NULL AND m.ends_at < \(bind: cutoff) AND \(notListed(type, alias: "r", today: today))
            ORDER BY m.ends_at, r.id LIMIT \(unsafeRaw: String(limit))
            """
        case .networkEntry:
            """
            SELECT due.id, due.number, due.municipality_code, due.runs_from FROM (
                SELECT e.id, \(reference(type, "e")) AS number, e.municipality_code, \(NetworkStore.lastActivity) AS runs_from
                FROM network_entries e WHERE e.destroyed_at IS NULL
            ) due
            WHERE due.runs_from < \(bind: cutoff) AND \(notListed(type, alias: "due", today: today))
            ORDER BY due.runs_from, due.id LIMIT \(unsafeRaw: String(limit))
            """
        case .quickscanResponse:
            // The round's closing day (a text day): the rows of the cutoff's day and before, the
            // exact moment compared by `due` (`runsFrom(_:)`).
            """
            SELECT q.id, \(reference(type, "q")) AS number, q.municipality_code, r.closes_on AS runs_from_day
            FROM quickscan_responses q JOIN quickscan_rounds r ON r.id = q.round_id
            WHERE q.destroyed_at IS NULL AND q.id IS NOT NULL AND r.closes_on <= \(bind: CalendarDay(of: cutoff).description)
            AND \(notListed(type, alias: "q", today: today))
            ORDER BY r.closes_on, q.municipality_code LIMIT \(unsafeRaw: String(limit))
            """
        case .webhookDelivery, .session, .auditTrail:
            "SELECT '' AS id, '' AS number, '' AS municipality_code, NULL AS runs_from WHERE 1 = 0"
        }
    }

    /// The moment a due query's row says its period ran from: `runs_from`, or the start of
    /// the day `runs_from_day` (a round's closing day, so the list shows that day); nil when
    /// neither can be read.
    static func runsFrom(_ row: any SQLRow) throws -> Date? {
        if row.contains(column: "runs_from_day") {
            return CalendarDay(try row.decode(column: "runs_from_day", as: String.self))?.start()
        }
        return try row.decode(column: "runs_from", as: Date?.self)
    }

    /// Whether a listed record is still due when the list is carried out: not destroyed,
    /// still closed since the same moment, and that moment still before `cutoff`.
    static func stillDue(_ item: DestructionItem, cutoff: Date, on db: any SQLDatabase) async throws -> Bool {
        guard item.runsFrom < cutoff else { return false }
        let query: SQLQueryString
        switch item.type {
        case .supportRequest:
            query = """
                SELECT r.closed_at AS runs_from FROM support_requests r WHERE r.id = \(bind: item.recordID.uppercasedText)
                AND r.destroyed_at IS NULL AND r.status = \(bind: RequestStatus.closed.rawValue)
                """
        case .incident:
            query = """
                SELECT COALESCE((SELECT MAX(h.changed_at) FROM incident_history h WHERE h.incident_id = n.id AND h.change = 'status'
                                 AND h.to_value = \(bind: IncidentStatus.closed.rawValue)), n.created_at) AS runs_from
                FROM incidents n WHERE n.id = \(bind: item.recordID.uppercasedText) AND n.destroyed_at IS NULL AND n.status = \(bind: IncidentStatus.closed.rawValue)
                """
        case .registration:
            query = """
                SELECT m.ends_at AS runs_from FROM meeting_registrations r JOIN meetings m ON m.id = r.meeting_id
                WHERE r.id = \(bind: item.recordID.uppercasedText) AND r.destroyed_at IS NULL
                """
        case .networkEntry:
            query = """
                SELECT \(NetworkStore.lastActivity) AS runs_from FROM network_entries e
                WHERE e.id = \(bind: item.recordID.uppercasedText) AND e.destroyed_at IS NULL
                """
        case .quickscanResponse:
            query = """
                SELECT r.closes_on AS runs_from_day FROM quickscan_responses q JOIN quickscan_rounds r ON r.id = q.round_id
                WHERE q.id = \(bind: item.recordID.uppercasedText) AND q.destroyed_at IS NULL
                """
        case .webhookDelivery, .session, .auditTrail:
            return false
        }
        guard let row = try await db.raw(query).first(), let runsFrom = try runsFrom(row) else { return false }
        return abs(runsFrom.timeIntervalSince(item.runsFrom)) < 0.001
    }

    /// Destroys the record's free text and keeps its skeleton, on the caller's transaction.
    static func destroy(_ item: DestructionItem, listNumber: String, on db: any SQLDatabase, engine: Engine, at now: Date) async throws {
        let id = item.recordID.uppercasedText
        switch item.type {
        case .supportRequest:
            let title = destroyedTitle(list: listNumber)
            try await db.update("support_requests").set("title", to: title).set("description", to: "").set("preferred_contact", to: "")
                .set("search_key", to: SearchKey.terms(item.number).joined(separator: " ")).set("assignee_id", to: SQLLiteral.null)
                .set("destroyed_at", to: now).set(SQLIdentifier("version"), to: SQLRaw("version + 1")).where("id", .equal, id).run()
            try await db.delete(from: "request_messages").where("request_id", .equal, id).run()
            try await db.update("request_activities").set("note", to: "").where("request_id", .equal, id).run()
            try await db.update("request_feedback").set("comment", to: "").where("request_id", .equal, id).run()
            try await db.update("request_history").set("reason", to: SQLLiteral.null).where("request_id", .equal, id)
                .where("reason", .isNot, SQLLiteral.null).run()
            try await db.update("notifications").set("title", to: title).where("object_type", .equal, NoticeSubject.request.rawValue)
                .where("object_id", .equal, id).run()
        case .incident:
            try await db.update("incidents").set("description", to: "").set("neighbourhood", to: "").set("destroyed_at", to: now)
                .set(SQLIdentifier("version"), to: SQLRaw("version + 1")).where("id", .equal, id).run()
            try await db.update("incident_history").set("note", to: "").where("incident_id", .equal, id).run()
            try await db.update("incident_steps").set("note", to: "").where("incident_id", .equal, id).run()
            try await db.update("notifications").set("title", to: destroyedTitle(list: listNumber))
                .where("object_type", .equal, NoticeSubject.incident.rawValue).where("object_id", .equal, id).run()
        case .registration:
            // Its needs, the reasons in its history and the person's comment on the meeting go; the
            // meeting, organisation, state, attendance, dates and the feedback's rating stay.
            guard let row = try await db.select().columns("meeting_id", "person_id").from("meeting_registrations").where("id", .equal, id).first() else { return }
            try await db.update("meeting_registrations").set("needs", to: "").set("destroyed_at", to: now).where("id", .equal, id).run()
            try await db.update("meeting_registration_history").set("reason", to: "").where("registration_id", .equal, id).where("reason", .notEqual, "").run()
            try await db.update("meeting_feedback").set("text", to: "").where("meeting_id", .equal, try row.decode(column: "meeting_id", as: String.self))
                .where("person_id", .equal, try row.decode(column: "person_id", as: String.self)).run()
        case .networkEntry:
            // Its name, role, contact route and note go; its kind, municipality, themes, consent and introductions stay.
            try await db.update("network_entries").set("name", to: destroyedTitle(list: listNumber)).set("role", to: "").set("contact_route", to: "")
                .set("note", to: "").set("destroyed_at", to: now).set(SQLIdentifier("version"), to: SQLRaw("version + 1")).where("id", .equal, id).run()
        case .quickscanResponse:
            // Its free-text answers go (empty texts); its choices, scales, numbers, needs, scores,
            // status and dates stay, and a submitted response's answers are joined again.
            guard let row = try await db.select().columns("round_id", "municipality_code").from("quickscan_responses").where("id", .equal, id).first() else { return }
            let (round, municipality) = (try row.decode(column: "round_id", as: String.self), try row.decode(column: "municipality_code", as: String.self))
            let empty = try AnswerCoding.encode(.text(""))
            for answer in try await db.select().columns("question_key", "value").from("quickscan_answers").where("round_id", .equal, round)
                .where("municipality_code", .equal, municipality).all() {
                guard case .text(let text) = try AnswerCoding.decode(try answer.decode(column: "value", as: String.self)), !text.isEmpty else { continue }
                try await db.update("quickscan_answers").set("value", to: empty).where("round_id", .equal, round).where("municipality_code", .equal, municipality)
                    .where("question_key", .equal, try answer.decode(column: "question_key", as: String.self)).run()
            }
            try await db.raw("""
                UPDATE quickscan_responses SET destroyed_at = \(bind: now),
                submitted_answers = CASE WHEN submitted_answers IS NULL THEN NULL ELSE \(unsafeRaw: ResponseStore.joinedAnswers(engine: engine)) END
                WHERE id = \(bind: id)
                """).run()
        case .webhookDelivery, .session, .auditTrail:
            break
        }
    }
}
