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

    /// Which records an indicator rests on, written once and used by every reading of it:
    /// the figure (`tally`: counted in the database, grouped by part and unit and by part and
    /// value), the records one by one (`records`), the requests behind it a reader may open
    /// (`requestsBehind`) and those kept when its quarter is closed. `body` is the `FROM …
    /// WHERE …` of the query (it always ends in its `WHERE` conditions, so more can be added
    /// with `AND`; a selection of requests names their table `r`); `id`, `unit`, `key` and
    /// `value` are the expressions over it.
    struct Selection {
        let id: String
        let unit: String
        let key: String
        let value: String?
        let body: SQLQueryString
    }

    /// The selection of `code` in `period`; `now` bounds what "by the end of the period"
    /// means while the period runs (a meeting not yet over is not held).
    func selection(_ code: IndicatorCode, in period: PlanQuarter, now: Date?) -> Selection {
        let from = period.previous.end(), until = period.end(), heldBy = min(until, now ?? .distantFuture)
        let (firstDay, nextDay) = Self.days(of: period)
        let real = database.engine == .postgres ? "DOUBLE PRECISION" : "REAL"
        switch code {
        case .municipalitiesAdvised:
            // The requester's kind as EXISTS, not a join: SQLite would otherwise walk every
            // municipality's requests (the requester index) instead of the quarter's closings.
            return Selection(id: "r.id", unit: "r.municipality_code", key: "r.province", value: nil, body: """
                FROM support_requests r
                WHERE r.outcome = \(bind: RequestOutcome.advised.rawValue) AND r.closed_at >= \(bind: from) AND r.closed_at < \(bind: until)
                AND EXISTS (SELECT 1 FROM organisations o WHERE o.id = r.requester_id AND o.kind = \(bind: OrganisationKind.municipality.rawValue))
                """)
        case .requestsByChannel:
            return Selection(id: "r.id", unit: "r.municipality_code", key: "r.channel", value: nil, body: """
                FROM support_requests r WHERE r.created_at >= \(bind: from) AND r.created_at < \(bind: until)
                """)
        case .daysToFirstResponse:
            // Days from filing to the first response, to one decimal (timestamps are seconds on SQLite).
            let seconds = database.engine == .postgres ? "EXTRACT(EPOCH FROM r.first_response_at - r.created_at)" : "(r.first_response_at - r.created_at)"
            return Selection(id: "r.id", unit: "r.municipality_code", key: "r.channel",
                             value: "CAST(ROUND(CAST(\(seconds) AS \(real)) / 8640.0) / 10.0 AS \(real))", body: """
                FROM support_requests r WHERE r.first_response_at >= \(bind: from) AND r.first_response_at < \(bind: until)
                """)
        case .incidentsByKind:
            return Selection(id: "i.id", unit: "i.municipality_code", key: "i.kind", value: nil, body: """
                FROM incidents i WHERE i.occurred_on >= \(bind: firstDay) AND i.occurred_on < \(bind: nextDay)
                """)
        case .quickscanCoverage:
            // Every submitted response by the end of the period, of any round: the municipality counts once.
            return Selection(id: "q.round_id || '/' || q.municipality_code", unit: "q.municipality_code", key: "m.province", value: nil, body: """
                FROM quickscan_responses q JOIN municipalities m ON m.code = q.municipality_code
                WHERE q.status = \(bind: ResponseStatus.submitted.rawValue) AND q.submitted_at < \(bind: until)
                """)
        case .quickscanResponse:
            // Every invitation (not withdrawn) of the rounds that closed in the period: 1 when it was answered.
            return Selection(id: "t.round_id || '/' || t.municipality_code", unit: "t.municipality_code", key: "m.province",
                             value: "CAST(CASE WHEN q.status = '\(ResponseStatus.submitted.rawValue)' THEN 1 ELSE 0 END AS \(real))", body: """
                FROM quickscan_targets t JOIN quickscan_rounds r ON r.id = t.round_id JOIN municipalities m ON m.code = t.municipality_code
                LEFT JOIN quickscan_responses q ON q.round_id = t.round_id AND q.municipality_code = t.municipality_code
                WHERE t.revoked_at IS NULL AND r.closes_on >= \(bind: firstDay) AND r.closes_on < \(bind: nextDay)
                """)
        case .meetingsHeld:
            return Selection(id: "m.id", unit: "m.organiser_id", key: "m.kind", value: nil, body: """
                FROM meetings m WHERE \(unsafeRaw: Self.held) AND m.starts_at >= \(bind: from) AND m.ends_at <= \(bind: heldBy)
                """)
        case .participants:
            return Selection(id: "g.id", unit: "g.organisation_id", key: "m.kind", value: nil, body: """
                FROM meeting_registrations g JOIN meetings m ON m.id = g.meeting_id
                WHERE \(unsafeRaw: Self.held) AND m.starts_at >= \(bind: from) AND m.ends_at <= \(bind: heldBy)
                AND g.state = \(bind: RegistrationState.confirmed.rawValue) AND g.attendance = \(bind: Attendance.present.rawValue)
                """)
        case .circlesActive:
            // A circle's status is kept as it is now: a quarter's figure is the reading at its end (kept then).
            return Selection(id: "c.id", unit: "c.id", key: "c.status", value: nil, body: """
                FROM circles c WHERE c.status = \(bind: CircleStatus.active.rawValue) AND c.created_at < \(bind: until)
                """)
        case .planPointsInPlace:
            // Each point's last status before the end of the period, from the history (as the plan's quarter snapshots).
            return Selection(id: "p.municipality_code || '/' || p.point_key", unit: "p.municipality_code", key: "p.point_key", value: nil, body: """
                FROM (
                    SELECT municipality_code, point_key, status,
                           ROW_NUMBER() OVER (PARTITION BY municipality_code, point_key ORDER BY changed_at DESC, id DESC) AS position
                    FROM plan_progress_history WHERE changed_at < \(bind: until)
                ) p WHERE p.position = 1 AND p.status IN (\(bind: ProgressStatus.inPlace.rawValue), \(bind: ProgressStatus.sustained.rawValue))
                """)
        }
    }

    /// The records `code` rests on in `period` as the stores hold them now, one by one (the
    /// named query's fixtures are checked against these).
    public func records(_ code: IndicatorCode, in period: PlanQuarter, now: Date? = nil) async throws -> [IndicatorRecord] {
        let s = selection(code, in: period, now: now)
        let value = s.value ?? "NULL"
        return try await database.sql.raw("""
            SELECT \(unsafeRaw: s.id) AS id, \(unsafeRaw: s.unit) AS unit, \(unsafeRaw: s.key) AS part, \(unsafeRaw: value) AS value \(s.body)
            """).all().map {
                IndicatorRecord(id: try $0.decode(column: "id", as: String.self), unit: try $0.decode(column: "unit", as: String.self),
                                key: try $0.decode(column: "part", as: String.self), value: try $0.decode(column: "value", as: Double?.self))
            }
    }

    /// What `code`'s figure in `period` is made from as the stores hold it now, counted by
    /// the database: records per part and unit, and per part and value where the figure
    /// takes values. The same as `IndicatorTally(records(code, …))`, in a few thousand rows.
    public func tally(_ code: IndicatorCode, in period: PlanQuarter, now: Date? = nil) async throws -> IndicatorTally {
        try await Self.tally(selection(code, in: period, now: now), on: database.sql)
    }

    /// `code`'s tally broken down by `dimension` instead of its own breakdown (`IndicatorDefinition.breakdowns`):
    /// the same records, grouped by their municipality's province or population class, or
    /// by their request's channel or needs (a request with two needs in both parts).
    public func tally(_ code: IndicatorCode, in period: PlanQuarter, now: Date? = nil, by dimension: String) async throws -> IndicatorTally {
        try await Self.tally(Self.split(selection(code, in: period, now: now), by: dimension), on: database.sql)
    }

    /// A selection's records with their part taken from `dimension`: the selection as a
    /// subquery joined to the municipality or the request it is about.
    static func split(_ s: Selection, by dimension: String) -> Selection {
        let inner: SQLQueryString = "SELECT \(unsafeRaw: s.id) AS id, \(unsafeRaw: s.unit) AS unit, \(unsafeRaw: s.value ?? "NULL") AS value \(s.body)"
        let (join, key): (String, String)
        switch dimension {
        case IndicatorDefinition.province: (join, key) = ("JOIN municipalities dm ON dm.code = s.unit", "dm.province")
        case IndicatorDefinition.populationClass:
            let bands = PopulationClass.upperBounds.map { "WHEN dm.population < \($0.below) THEN '\($0.band.rawValue)'" }.joined(separator: " ")
            (join, key) = ("JOIN municipalities dm ON dm.code = s.unit", "CASE \(bands) ELSE '\(PopulationClass.over100k.rawValue)' END")
        case IndicatorDefinition.channel: (join, key) = ("JOIN support_requests dr ON dr.id = s.id", "dr.channel")
        case IndicatorDefinition.need: (join, key) = ("JOIN request_needs dn ON dn.request_id = s.id", "dn.need_code")
        default: return s
        }
        return Selection(id: "s.id", unit: "s.unit", key: key, value: s.value == nil ? nil : "s.value", body: "FROM (\(inner)) s \(unsafeRaw: join) WHERE 1 = 1")
    }

    static func tally(_ s: Selection, on db: any SQLDatabase) async throws -> IndicatorTally {
        var tally = IndicatorTally()
        for row in try await db.raw("""
            SELECT \(unsafeRaw: s.key) AS part, \(unsafeRaw: s.unit) AS unit, COUNT(*) AS n \(s.body) GROUP BY \(unsafeRaw: s.key), \(unsafeRaw: s.unit)
            """).all() {
            tally.add(key: try row.decode(column: "part", as: String.self), unit: try row.decode(column: "unit", as: String.self),
                      records: try row.decode(column: "n", as: Int.self))
        }
        guard let value = s.value else { return tally }
        for row in try await db.raw("""
            SELECT \(unsafeRaw: s.key) AS part, \(unsafeRaw: value) AS value, COUNT(*) AS n \(s.body) GROUP BY \(unsafeRaw: s.key), \(unsafeRaw: value)
            """).all() {
            guard let number = try row.decode(column: "value", as: Double?.self) else { continue }
            tally.add(key: try row.decode(column: "part", as: String.self), value: number, records: try row.decode(column: "n", as: Int.self))
        }
        return tally
    }

    /// A meeting counts as held when it was not a draft nor cancelled (and has ended by the bound).
    static let held = "m.status NOT IN ('\(MeetingStatus.draft.rawValue)', '\(MeetingStatus.cancelled.rawValue)')"

    /// The period's first day and the next period's first day (`2026-10-01`, `2027-01-01`), for columns that hold a day.
    static func days(of period: PlanQuarter) -> (String, String) {
        let first = String(format: "%04d-%02d-01", period.year, (period.quarter - 1) * 3 + 1)
        let next = period.quarter == 4 ? String(format: "%04d-01-01", period.year + 1) : String(format: "%04d-%02d-01", period.year, period.quarter * 3 + 1)
        return (first, next)
    }

    /// What `code`'s figure in `period` was made from when the quarter was closed, with the
    /// definition's version and when it was read; nil while the quarter is open. A quarter
    /// closed before tallies were kept (M0056 turned its records into one) reads the same.
    public func frozen(_ code: IndicatorCode, in period: PlanQuarter) async throws -> Kept? {
        guard let row = try await database.sql.select().columns("definition_version", "tally", "breakdowns", "read_at").from("indicator_records")
            .where("code", .equal, code.rawValue).where("period", .equal, period.description).first() else { return nil }
        let text = try row.decode(column: "tally", as: String?.self) ?? "{}", split = try row.decode(column: "breakdowns", as: String?.self) ?? "{}"
        return Kept(version: try row.decode(column: "definition_version", as: Int.self), tally: try JSONDecoder().decode(IndicatorTally.self, from: Data(text.utf8)),
                    breakdowns: try JSONDecoder().decode([String: IndicatorTally].self, from: Data(split.utf8)), readAt: try row.decode(column: "read_at", as: Date.self))
    }

    /// What a closed quarter kept of a figure: its tally, the tally by each other dimension
    /// (none for quarters closed before those were kept, M0057), when it was read.
    public struct Kept: Sendable {
        public let version: Int
        public let tally: IndicatorTally
        public let breakdowns: [String: IndicatorTally]
        public let readAt: Date
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

    /// Closes `period`: every indicator's tally (and by each other dimension) read and kept with its definition's version,
    /// the requests behind each request figure kept (`indicator_kept_requests`, so their
    /// provenance stays exact), and the period marked closed, in one transaction: what is
    /// kept is one reading. `now` bounds what "held by the end" means (as for `tally`). Nil
    /// when it was closed already (by someone else at the same moment too: the period's row
    /// is claimed first).
    public func close(_ period: PlanQuarter, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> IndicatorClosing? {
        let engine = database.engine
        let selections = IndicatorCode.allCases.map { ($0, selection($0, in: period, now: now)) }
        return try await database.transaction { db in
            let claimed = try await db.insert(into: "indicator_periods").columns("period", "closed_at", "closed_by")
                .values(SQLBind(period.description), SQLBind(now), SQLBind(user.uppercasedText))
                .ignoringConflicts(with: ["period"]).returning("period").all()
            guard !claimed.isEmpty else { return nil }
            for (code, selection) in selections {
                let tally = String(decoding: try JSONEncoder().encode(try await Self.tally(selection, on: db)), as: UTF8.self)
                var split: [String: IndicatorTally] = [:]
                for dimension in IndicatorDefinition.of(code).breakdowns.dropFirst() { split[dimension] = try await Self.tally(Self.split(selection, by: dimension), on: db) }
                let breakdowns = String(decoding: try JSONEncoder().encode(split), as: UTF8.self)
                try await db.raw("""
                    INSERT INTO indicator_records (code, period, definition_version, records, tally, breakdowns, read_at)
                    VALUES (\(bind: code.rawValue), \(bind: period.description), \(bind: IndicatorDefinition.of(code).version), '[]', \(bind: tally),
                            \(bind: breakdowns), \(bind: now))
                    ON CONFLICT (code, period) DO NOTHING
                    """).run()
                guard IndicatorDefinition.of(code).records == .request else { continue }
                try await db.raw("""
                    INSERT INTO indicator_kept_requests (code, period, request_id)
                    SELECT \(bind: code.rawValue), \(bind: period.description), \(unsafeRaw: selection.id) \(selection.body)
                    """).run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return IndicatorClosing(period: period, closedAt: now, closedBy: user)
        }
    }
}

extension IndicatorStore {
    /// The requests behind `code`'s figure in `quarters` (one, or a year's) that `scope` may
    /// open, a page at a time by number, with how many there are: exactly those counted (the
    /// kept ones of a closed quarter, as read now of an open one), narrowed to the reader's
    /// scope in the query.
    public func requestsBehind(_ code: IndicatorCode, in quarters: [(PlanQuarter, frozen: Bool)], scope: RequestScope, page: PageRequest,
                               now: Date? = nil) async throws -> Page<(id: UUID, number: String)> {
        guard IndicatorDefinition.of(code).records == .request, !quarters.isEmpty else { return Page(items: [], total: 0, request: page) }
        // Each quarter's requests (every request selection names its table `r`) narrowed to
        // the scope in the same query, counted with the page (one pass, not two).
        let scope = RequestQuery.condition(scope, on: "r")
        let counted = quarters.map { quarter, frozen -> SQLQueryString in
            if frozen {
                return """
                    SELECT r.id, r.number FROM indicator_kept_requests k JOIN support_requests r ON r.id = k.request_id
                    WHERE k.code = \(bind: code.rawValue) AND k.period = \(bind: quarter.description) AND \(scope)
                    """
            }
            let s = selection(code, in: quarter, now: now)
            return "SELECT r.id, r.number \(s.body) AND \(scope)"
        }.joined(separator: " UNION ALL ")
        let rows = try await database.sql.raw("""
            SELECT id, number, COUNT(*) OVER () AS total FROM (\(counted)) behind ORDER BY number LIMIT \(literal: page.size) OFFSET \(literal: page.offset)
            """).all()
        var total = try rows.first?.decode(column: "total", as: Int.self) ?? 0
        if rows.isEmpty, page.number > 1 {
            // Past the last page: the count alone.
            total = try await database.sql.raw("SELECT COUNT(*) AS total FROM (\(counted)) behind").first()?.decode(column: "total", as: Int.self) ?? 0
        }
        let items: [(id: UUID, number: String)] = try rows.map { row in
            let text = try row.decode(column: "id", as: String.self)
            guard let id = UUID(text: text) else { throw StorageError.corruptRow(table: "support_requests", key: text) }
            return (id, try row.decode(column: "number", as: String.self))
        }
        return Page(items: items, total: total, request: page)
    }

    public func requestsBehind(_ code: IndicatorCode, in period: PlanQuarter, frozen: Bool, scope: RequestScope, page: PageRequest,
                               now: Date? = nil) async throws -> Page<(id: UUID, number: String)> {
        try await requestsBehind(code, in: [(period, frozen)], scope: scope, page: page, now: now)
    }
}
