import Foundation
import SQLKit
import SteunpuntDomain

/// The named queries of the action programme's indicators: one per `IndicatorCode`, each
/// giving the records the indicator rests on for a period (its definition in
/// `IndicatorDefinition`), and the records of periods that have ended, kept as they were
/// read (`indicator_records`, M0052).
public struct IndicatorStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// The records `code` rests on in `period` as the stores hold them now; `now` bounds what
    /// "by the end of the period" means while the period runs (a meeting not yet over is not held).
    public func records(_ code: IndicatorCode, in period: PlanQuarter, now: Date? = nil) async throws -> [IndicatorRecord] {
        let from = period.previous.end(), until = period.end(), heldBy = min(until, now ?? .distantFuture)
        let (firstDay, nextDay) = Self.days(of: period)
        let sql = database.sql
        switch code {
        case .municipalitiesAdvised:
            return try await sql.raw("""
                SELECT r.id, r.municipality_code, r.province FROM support_requests r JOIN organisations o ON o.id = r.requester_id
                WHERE r.outcome = \(bind: RequestOutcome.advised.rawValue) AND o.kind = \(bind: OrganisationKind.municipality.rawValue)
                AND r.closed_at >= \(bind: from) AND r.closed_at < \(bind: until)
                """).all().map { try Self.record($0, key: "province") }
        case .requestsByChannel:
            return try await sql.raw("""
                SELECT id, municipality_code, channel FROM support_requests WHERE created_at >= \(bind: from) AND created_at < \(bind: until)
                """).all().map { try Self.record($0, key: "channel") }
        case .daysToFirstResponse:
            return try await sql.raw("""
                SELECT id, municipality_code, channel, created_at, first_response_at FROM support_requests
                WHERE first_response_at >= \(bind: from) AND first_response_at < \(bind: until)
                """).all().map { row in
                    let days = (try row.decode(column: "first_response_at", as: Date.self).timeIntervalSince(try row.decode(column: "created_at", as: Date.self))) / 86_400
                    return try Self.record(row, key: "channel", value: (days * 10).rounded() / 10)
                }
        case .incidentsByKind:
            return try await sql.raw("""
                SELECT id, municipality_code, kind FROM incidents WHERE occurred_on >= \(bind: firstDay) AND occurred_on < \(bind: nextDay)
                """).all().map { try Self.record($0, key: "kind") }
        case .quickscanCoverage:
            // Every submitted response by the end of the period, of any round: the municipality counts once.
            return try await sql.raw("""
                SELECT q.round_id, q.municipality_code, m.province FROM quickscan_responses q JOIN municipalities m ON m.code = q.municipality_code
                WHERE q.status = \(bind: ResponseStatus.submitted.rawValue) AND q.submitted_at < \(bind: until)
                """).all().map { row in
                    let unit = try row.decode(column: "municipality_code", as: String.self)
                    return IndicatorRecord(id: "\(try row.decode(column: "round_id", as: String.self))/\(unit)", unit: unit,
                                           key: try row.decode(column: "province", as: String.self))
                }
        case .quickscanResponse:
            // Every invitation (not withdrawn) of the rounds that closed in the period: 1 when it was answered.
            return try await sql.raw("""
                SELECT t.round_id, t.municipality_code, m.province, q.status FROM quickscan_targets t
                JOIN quickscan_rounds r ON r.id = t.round_id JOIN municipalities m ON m.code = t.municipality_code
                LEFT JOIN quickscan_responses q ON q.round_id = t.round_id AND q.municipality_code = t.municipality_code
                WHERE t.revoked_at IS NULL AND r.closes_on >= \(bind: firstDay) AND r.closes_on < \(bind: nextDay)
                """).all().map { row in
                    let unit = try row.decode(column: "municipality_code", as: String.self)
                    let answered = try row.decode(column: "status", as: String?.self) == ResponseStatus.submitted.rawValue
                    return IndicatorRecord(id: "\(try row.decode(column: "round_id", as: String.self))/\(unit)", unit: unit,
                                           key: try row.decode(column: "province", as: String.self), value: answered ? 1 : 0)
                }
        case .meetingsHeld:
            return try await sql.raw("""
                SELECT id, organiser_id, kind FROM meetings m WHERE \(unsafeRaw: Self.held) AND starts_at >= \(bind: from) AND ends_at <= \(bind: heldBy)
                """).all().map {
                    IndicatorRecord(id: try $0.decode(column: "id", as: String.self), unit: try $0.decode(column: "organiser_id", as: String.self),
                                    key: try $0.decode(column: "kind", as: String.self))
                }
        case .participants:
            return try await sql.raw("""
                SELECT g.id, g.organisation_id, m.kind FROM meeting_registrations g JOIN meetings m ON m.id = g.meeting_id
                WHERE \(unsafeRaw: Self.held) AND m.starts_at >= \(bind: from) AND m.ends_at <= \(bind: heldBy)
                AND g.state = \(bind: RegistrationState.confirmed.rawValue) AND g.attendance = \(bind: Attendance.present.rawValue)
                """).all().map {
                    IndicatorRecord(id: try $0.decode(column: "id", as: String.self), unit: try $0.decode(column: "organisation_id", as: String.self),
                                    key: try $0.decode(column: "kind", as: String.self))
                }
        case .circlesActive:
            // A circle's status is kept as it is now: a quarter's figure is the reading at its end (kept then).
            return try await sql.raw("""
                SELECT id, status FROM circles WHERE status = \(bind: CircleStatus.active.rawValue) AND created_at < \(bind: until)
                """).all().map {
                    let id = try $0.decode(column: "id", as: String.self)
                    return IndicatorRecord(id: id, unit: id, key: try $0.decode(column: "status", as: String.self))
                }
        case .planPointsInPlace:
            // Each point's last status before the end of the period, from the history (as the plan's quarter snapshots).
            return try await sql.raw("""
                SELECT municipality_code, point_key FROM (
                    SELECT municipality_code, point_key, status,
                           ROW_NUMBER() OVER (PARTITION BY municipality_code, point_key ORDER BY changed_at DESC, id DESC) AS position
                    FROM plan_progress_history WHERE changed_at < \(bind: until)
                ) latest WHERE position = 1 AND status IN (\(bind: ProgressStatus.inPlace.rawValue), \(bind: ProgressStatus.sustained.rawValue))
                """).all().map {
                    let unit = try $0.decode(column: "municipality_code", as: String.self), point = try $0.decode(column: "point_key", as: String.self)
                    return IndicatorRecord(id: "\(unit)/\(point)", unit: unit, key: point)
                }
        }
    }

    /// A meeting counts as held when it was not a draft nor cancelled (and has ended by the bound).
    static let held = "m.status NOT IN ('\(MeetingStatus.draft.rawValue)', '\(MeetingStatus.cancelled.rawValue)')"

    /// The period's first day and the next period's first day (`2026-10-01`, `2027-01-01`), for columns that hold a day.
    static func days(of period: PlanQuarter) -> (String, String) {
        let first = String(format: "%04d-%02d-01", period.year, (period.quarter - 1) * 3 + 1)
        let next = period.quarter == 4 ? String(format: "%04d-01-01", period.year + 1) : String(format: "%04d-%02d-01", period.year, period.quarter * 3 + 1)
        return (first, next)
    }

    /// The records kept for `code` in `period`, with the definition's version and when they were read.
    public func frozen(_ code: IndicatorCode, in period: PlanQuarter) async throws -> (version: Int, records: [IndicatorRecord], readAt: Date)? {
        guard let row = try await database.sql.select().column("*").from("indicator_records").where("code", .equal, code.rawValue)
            .where("period", .equal, period.description).first() else { return nil }
        let records = try JSONDecoder().decode([IndicatorRecord].self, from: Data(try row.decode(column: "records", as: String.self).utf8))
        return (try row.decode(column: "definition_version", as: Int.self), records, try row.decode(column: "read_at", as: Date.self))
    }

    /// When `period` was closed, and by whom; nil while it is open.
    public func closing(of period: PlanQuarter) async throws -> IndicatorClosing? {
        try await database.sql.select().columns("period", "closed_at", "closed_by").from("indicator_periods")
            .where("period", .equal, period.description).first().map(Self.closing)
    }

    /// Every quarter closed, newest first.
    public func closings() async throws -> [IndicatorClosing] {
        try await database.sql.select().columns("period", "closed_at", "closed_by").from("indicator_periods").orderBy("period", .descending).all()
            .map(Self.closing)
    }

    static func closing(_ row: any SQLRow) throws -> IndicatorClosing {
        let text = try row.decode(column: "period", as: String.self)
        guard let period = PlanQuarter(text) else { throw StorageError.corruptRow(table: "indicator_periods", key: text) }
        return IndicatorClosing(period: period, closedAt: try row.decode(column: "closed_at", as: Date.self),
                                closedBy: try row.decode(column: "closed_by", as: String?.self).flatMap(UUID.init(text:)))
    }

    /// Closes `period`: every indicator's records (read just before) kept with its
    /// definition's version and the period marked closed, in one transaction. Nil when it
    /// was closed already (by someone else at the same moment too: the period's row is
    /// claimed first).
    public func close(_ period: PlanQuarter, records: [IndicatorCode: [IndicatorRecord]], by user: UUID, at now: Date,
                      audit: AuditEvent? = nil) async throws -> IndicatorClosing? {
        let engine = database.engine
        return try await database.transaction { db in
            let claimed = try await db.insert(into: "indicator_periods").columns("period", "closed_at", "closed_by")
                .values(SQLBind(period.description), SQLBind(now), SQLBind(user.uppercasedText))
                .ignoringConflicts(with: ["period"]).returning("period").all()
            guard !claimed.isEmpty else { return nil }
            for code in IndicatorCode.allCases {
                let text = String(decoding: try JSONEncoder().encode(records[code] ?? []), as: UTF8.self)
                try await db.raw("""
                    INSERT INTO indicator_records (code, period, definition_version, records, read_at)
                    VALUES (\(bind: code.rawValue), \(bind: period.description), \(bind: IndicatorDefinition.of(code).version), \(bind: text), \(bind: now))
                    ON CONFLICT (code, period) DO NOTHING
                    """).run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return IndicatorClosing(period: period, closedAt: now, closedBy: user)
        }
    }

    static func record(_ row: any SQLRow, key column: String, value: Double? = nil) throws -> IndicatorRecord {
        let key = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: key) else { throw StorageError.corruptRow(table: "indicator", key: key) }
        return IndicatorRecord(id: id.uppercasedText, unit: try row.decode(column: "municipality_code", as: String.self), key: try row.decode(column: column, as: String.self),
                               value: value)
    }
}

extension IndicatorStore {
    /// Of `ids`, the requests `scope` may open (the provenance links a reader follows).
    public func visibleRequests(_ ids: [UUID], scope: RequestScope) async throws -> Set<UUID> {
        guard !ids.isEmpty else { return [] }
        var visible: Set<UUID> = []
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = ids[start..<min(start + 500, ids.count)].map(\.uppercasedText)
            let query = RequestQuery.scoped(database.sql.select().column(RequestQuery.column("id")).from(RequestQuery.table)
                .where(RequestQuery.column("id"), .in, SQLBind.group(chunk)), scope)
            for row in try await query.all() { if let id = UUID(text: try row.decode(column: "id", as: String.self)) { visible.insert(id) } }
        }
        return visible
    }
}
