import Foundation
import SQLKit
import SteunpuntDomain

/// Destruction lists (issue 23): which records are due by the `RetentionSchedule`, the
/// daily collection onto a list, the coordinator's exclusions and review, the
/// administrator's approval, and the destruction itself, which leaves a skeleton of each
/// record (`RecordSkeletons`) and a destruction record. Every change is audited in its own
/// transaction; each record is destroyed in a transaction of its own, so a crash half-way
/// leaves the rest for the next round.
public struct RetentionStore: Sendable {
    public let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// What is due on `today`, oldest first, per kind the lists take; `limit` per kind: records
    /// not destroyed, not on a list that is still running, not excluded past `today`.
    public func due(on today: CalendarDay, schedule: RetentionSchedule, limit: Int = 10_000) async throws -> [DestructionItem] {
        try await Self.due(on: today, schedule: schedule, limit: limit, on: database.sql)
    }

    static func due(on today: CalendarDay, schedule: RetentionSchedule, limit: Int, on db: any SQLDatabase) async throws -> [DestructionItem] {
        var found: [DestructionItem] = []
        for rule in schedule.ordered where rule.type.isListed && rule.nomination == .destroy {
            let cutoff = rule.period.cutoff(on: today)
            let query = RecordSkeletons.dueQuery(rule.type, cutoff: cutoff, today: today.description, limit: limit)
            for row in try await db.raw(query).all() {
                guard let runsFrom = try RecordSkeletons.runsFrom(row), runsFrom < cutoff,
                      let id = UUID(uuidString: try row.decode(column: "id", as: String.self)) else { continue }
                found.append(DestructionItem(type: rule.type, recordID: id, number: try row.decode(column: "number", as: String.self),
                                 municipality: MunicipalityCode(try row.decode(column: "municipality_code", as: String.self)),
                                 runsFrom: runsFrom, dueOn: rule.period.due(from: CalendarDay(of: runsFrom))))
            }
        }
        return found
    }

    /// The daily round's collection: puts what is due on the list in review (a new list
    /// when none is), raising its version. Nil when nothing is due.
    public func collect(on today: CalendarDay, schedule: RetentionSchedule, id: UUID, at now: Date) async throws -> (list: DestructionList, added: Int)? {
        let engine = database.engine
        return try await database.transaction { db in
            // Instances collect one at a time (on SQLite, the transaction is the turn).
            if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: AdvisoryLock.retentionCollection.rawValue))").run() }
            let due = try await Self.due(on: today, schedule: schedule, limit: 10_000, on: db)
            guard !due.isEmpty else { return nil }
            var list: DestructionList
            if let open = try await db.select().column("*").from("destruction_lists").where("status", .equal, DestructionListStatus.inReview.rawValue)
                .orderBy("created_at").first() {
                list = try Self.decodeList(open)
            } else {
                let year = CalendarDay(of: now).year
                let sequence = try await db.raw("""
                    INSERT INTO destruction_list_numbers (year, last) VALUES (\(bind: year), 1)
                    ON CONFLICT (year) DO UPDATE SET last = destruction_list_numbers.last + 1 RETURNING last
                    """).first()!.decode(column: "last", as: Int.self)
                list = DestructionList(id: id, number: DestructionList.number(year: year, sequence: sequence), status: .inReview, version: 0, createdAt: now)
                try await db.insert(into: "destruction_lists").columns("id", "number", "status", "version", "created_at")
                    .values(SQLBind(id.uppercasedText), SQLBind(list.number), SQLBind(list.status.rawValue), SQLBind(0), SQLBind(now)).run()
                try await AuditStore.append(AuditEvent(action: .destructionListCreated, actorLabel: "retentie", objectType: "destruction_list",
                                                       objectID: list.number, origin: "retentie", occurredAt: now), on: db, engine: engine)
            }
            for record in due {
                try await db.insert(into: "destruction_items")
                    .columns("list_id", "record_type", "record_id", "number", "municipality_code", "runs_from", "due_on")
                    .values(SQLBind(list.id.uppercasedText), SQLBind(record.type.rawValue), SQLBind(record.recordID.uppercasedText), SQLBind(record.number),
                            SQLBind(record.municipality?.rawValue ?? ""), SQLBind(record.runsFrom), SQLBind(record.dueOn.description)).run()
            }
            list.version += 1
            try await db.update("destruction_lists").set("version", to: list.version).where("id", .equal, list.id.uppercasedText).run()
            return (try await Self.list(list.id, on: db)!, due.count)
        }
    }

    /// Lists, newest first.
    public func lists(page: PageRequest) async throws -> Page<DestructionList> {
        let total = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("destruction_lists").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await database.sql.select().column("id").from("destruction_lists").orderBy("created_at", .descending).orderBy("number", .descending)
            .limit(page.size).offset(page.offset).all()
        var lists: [DestructionList] = []
        for row in rows {
            if let id = UUID(uuidString: try row.decode(column: "id", as: String.self)), let list = try await Self.list(id, on: database.sql) { lists.append(list) }
        }
        return Page(items: lists, total: total, request: page)
    }

    /// Lists in `status`, oldest first.
    public func lists(status: DestructionListStatus) async throws -> [DestructionList] {
        var lists: [DestructionList] = []
        for row in try await database.sql.select().column("id").from("destruction_lists").where("status", .equal, status.rawValue).orderBy("created_at").all() {
            if let id = UUID(uuidString: try row.decode(column: "id", as: String.self)), let list = try await Self.list(id, on: database.sql) { lists.append(list) }
        }
        return lists
    }

    public func list(_ id: UUID) async throws -> DestructionList? {
        try await Self.list(id, on: database.sql)
    }

    static func list(_ id: UUID, on db: any SQLDatabase) async throws -> DestructionList? {
        guard let row = try await db.raw("""
            SELECT l.*, (SELECT COUNT(*) FROM destruction_items i WHERE i.list_id = l.id) AS items,
                   (SELECT COUNT(*) FROM destruction_items i WHERE i.list_id = l.id AND i.excluded_reason IS NOT NULL) AS excluded
            FROM destruction_lists l WHERE l.id = \(bind: id.uppercasedText)
            """).first() else { return nil }
        var list = try decodeList(row)
        list.items = try row.decode(column: "items", as: Int.self)
        list.excluded = try row.decode(column: "excluded", as: Int.self)
        return list
    }

    /// A list's records, by kind and number.
    public func items(of list: UUID, page: PageRequest) async throws -> Page<DestructionItem> {
        let total = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("destruction_items")
            .where("list_id", .equal, list.uppercasedText).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await database.sql.select().column("*").from("destruction_items").where("list_id", .equal, list.uppercasedText)
            .orderBy("record_type").orderBy("number").limit(page.size).offset(page.offset).all()
        return Page(items: try rows.map(Self.decodeItem), total: total, request: page)
    }

    /// One record on a list.
    public func item(_ type: RetentionRecordType, _ record: UUID, on list: UUID) async throws -> DestructionItem? {
        try await database.sql.select().column("*").from("destruction_items").where("list_id", .equal, list.uppercasedText)
            .where("record_type", .equal, type.rawValue).where("record_id", .equal, record.uppercasedText).first().map(Self.decodeItem)
    }

    /// Excludes a record from a list in review, or takes an exclusion back (`reason` nil).
    public func exclude(_ type: RetentionRecordType, _ record: UUID, on list: UUID, reason: String?, until: CalendarDay, by user: UUID, at now: Date,
                        audit: AuditEvent) async throws {
        try await change(list, expecting: nil, step: reason == nil ? .include : .exclude, audit: audit) { db in
            let none: any SQLExpression = SQLLiteral.null
            let rows = try await db.update("destruction_items")
                .set("excluded_reason", to: reason.map { SQLBind($0) } ?? none)
                .set("excluded_by", to: reason == nil ? none : SQLBind(user.uppercasedText))
                .set("excluded_at", to: reason == nil ? none : SQLBind(now))
                .set("excluded_until", to: reason == nil ? none : SQLBind(until.description))
                .where("list_id", .equal, list.uppercasedText).where("record_type", .equal, type.rawValue).where("record_id", .equal, record.uppercasedText)
                .returning("record_id").all()
            guard !rows.isEmpty else { throw DomainError.notFound }
        }
    }

    /// The coordinator hands the list on for approval.
    public func review(_ list: UUID, version: Int, by user: UUID, at now: Date, audit: AuditEvent) async throws {
        try await change(list, expecting: version, step: .submitReview, audit: audit) { db in
            try await db.update("destruction_lists").set("status", to: DestructionListStatus.reviewed.rawValue).set("reviewed_by", to: user.uppercasedText)
                .set("reviewed_at", to: now).where("id", .equal, list.uppercasedText).run()
        }
    }

    /// An administrator approves: the next round destroys what is on it and not excluded.
    public func approve(_ list: UUID, version: Int, by user: UUID, at now: Date, audit: AuditEvent) async throws {
        try await change(list, expecting: version, step: .approve, audit: audit) { db in
            try await db.update("destruction_lists").set("status", to: DestructionListStatus.approved.rawValue).set("approved_by", to: user.uppercasedText)
                .set("approved_at", to: now).where("id", .equal, list.uppercasedText).run()
        }
    }

    /// An administrator sends it back to the coordinator, saying why.
    public func sendBack(_ list: UUID, version: Int, reason: String, audit: AuditEvent) async throws {
        try await change(list, expecting: version, step: .sendBack, audit: audit) { db in
            try await db.update("destruction_lists").set("status", to: DestructionListStatus.inReview.rawValue).set("return_reason", to: reason)
                .set("reviewed_by", to: SQLLiteral.null).set("reviewed_at", to: SQLLiteral.null).where("id", .equal, list.uppercasedText).run()
        }
    }

    /// Checks the step against the list's status (and its version, when given: a list
    /// that changed since it was read is not handed on or approved unseen), raises the
    /// version, runs `body` and appends `audit`, in one transaction.
    private func change(_ id: UUID, expecting version: Int?, step: RetentionPolicy.Step, audit: AuditEvent,
                        _ body: @escaping @Sendable (any SQLDatabase) async throws -> Void) async throws {
        let engine = database.engine
        try await database.transaction { db in
            guard let row = try await db.select().columns("status", "version").from("destruction_lists").where("id", .equal, id.uppercasedText).first(),
                  let status = DestructionListStatus(rawValue: try row.decode(column: "status", as: String.self)) else { throw DomainError.notFound }
            if let refusal = RetentionPolicy.refusal(step, status: status) { throw DomainError.conflict(refusal) }
            let stored = try row.decode(column: "version", as: Int.self)
            if let version, version != stored { throw DomainError.conflict("destruction_list_changed") }
            try await db.update("destruction_lists").set("version", to: stored + 1).where("id", .equal, id.uppercasedText).run()
            try await body(db)
            try await AuditStore.append(audit, on: db, engine: engine)
        }
    }

    /// The daily round's destruction: every approved list's records not excluded and not
    /// yet destroyed, one transaction each, then the list marked destroyed. A record no
    /// longer due (a request reopened since it was listed) is left as it is, and the list
    /// shows it was not destroyed. Returns the destruction records made.
    public func destroyApproved(schedule: RetentionSchedule, on today: CalendarDay, at now: Date) async throws -> [DestructionRecord] {
        let engine = database.engine
        let lists = try await database.sql.select().columns("id", "number", "reviewed_by", "approved_by").from("destruction_lists")
            .where("status", .equal, DestructionListStatus.approved.rawValue).orderBy("created_at").all()
        var made: [DestructionRecord] = []
        for row in lists {
            let listID = try row.decode(column: "id", as: String.self)
            let number = try row.decode(column: "number", as: String.self)
            guard let reviewer = UUID(uuidString: try row.decode(column: "reviewed_by", as: String.self)),
                  let approver = UUID(uuidString: try row.decode(column: "approved_by", as: String.self)) else { continue }
            let items = try await database.sql.select().column("*").from("destruction_items").where("list_id", .equal, listID)
                .where("excluded_reason", .is, SQLLiteral.null).where("destroyed_at", .is, SQLLiteral.null).all().map(Self.decodeItem)
            for item in items {
                let record = try await database.transaction { db -> DestructionRecord? in
                    // The record's row is the turn: another instance carrying out the same list waits, then finds it destroyed.
                    if engine == .postgres {
                        try await db.raw("SELECT id FROM \(unsafeRaw: RecordSkeletons.table(item.type)) WHERE id = \(bind: item.recordID.uppercasedText) FOR UPDATE").run()
                    }
                    let cutoff = schedule[item.type].period.cutoff(on: today)
                    guard schedule[item.type].nomination == .destroy,
                          try await RecordSkeletons.stillDue(item, cutoff: cutoff, on: db) else { return nil }
                    try await RecordSkeletons.destroy(item, listNumber: number, on: db, engine: engine, at: now)
                    try await db.update("destruction_items").set("destroyed_at", to: now).where("list_id", .equal, listID)
                        .where("record_type", .equal, item.type.rawValue).where("record_id", .equal, item.recordID.uppercasedText).run()
                    let record = DestructionRecord(type: item.type, recordID: item.recordID, number: item.number, listNumber: number, destroyedAt: now,
                                                   reviewedBy: reviewer, approvedBy: approver)
                    try await db.insert(into: "destruction_records").columns("record_type", "record_id", "number", "list_id", "destroyed_at", "reviewed_by", "approved_by")
                        .values(SQLBind(item.type.rawValue), SQLBind(item.recordID.uppercasedText), SQLBind(item.number), SQLBind(listID), SQLBind(now),
                                SQLBind(reviewer.uppercasedText), SQLBind(approver.uppercasedText)).run()
                    try await AuditStore.append(AuditEvent(action: .recordDestroyed, actorLabel: "retentie", objectType: item.type.auditObjectType,
                                                           objectID: item.recordID.uppercasedText, origin: "retentie", occurredAt: now), on: db, engine: engine)
                    return record
                }
                if let record { made.append(record) }
            }
            try await database.transaction { db in
                let finished = try await db.update("destruction_lists").set("status", to: DestructionListStatus.destroyed.rawValue).set("destroyed_at", to: now)
                    .set(SQLIdentifier("version"), to: SQLRaw("version + 1")).where("id", .equal, listID)
                    .where("status", .equal, DestructionListStatus.approved.rawValue).returning("id").all()
                guard !finished.isEmpty else { return }   // another instance finished it
                try await AuditStore.append(AuditEvent(action: .destructionListDestroyed, actorLabel: "retentie", objectType: "destruction_list",
                                                       objectID: number, origin: "retentie", occurredAt: now), on: db, engine: engine)
            }
        }
        return made
    }

    /// The destruction records, newest first.
    public func records(page: PageRequest) async throws -> Page<DestructionRecord> {
        let total = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("destruction_records").first()?
            .decode(column: "n", as: Int.self) ?? 0
        let rows = try await database.sql.raw("""
            SELECT r.*, l.number AS list_number FROM destruction_records r JOIN destruction_lists l ON l.id = r.list_id
            ORDER BY r.destroyed_at DESC, r.number DESC LIMIT \(unsafeRaw: String(page.size)) OFFSET \(unsafeRaw: String(page.offset))
            """).all()
        return Page(items: try rows.compactMap { row in
            guard let type = RetentionRecordType(rawValue: try row.decode(column: "record_type", as: String.self)),
                  let id = UUID(uuidString: try row.decode(column: "record_id", as: String.self)),
                  let reviewer = UUID(uuidString: try row.decode(column: "reviewed_by", as: String.self)),
                  let approver = UUID(uuidString: try row.decode(column: "approved_by", as: String.self)) else { return nil }
            return DestructionRecord(type: type, recordID: id, number: try row.decode(column: "number", as: String.self),
                                     listNumber: try row.decode(column: "list_number", as: String.self),
                                     destroyedAt: try row.decode(column: "destroyed_at", as: Date.self), reviewedBy: reviewer, approvedBy: approver)
        }, total: total, request: page)
    }

    static func decodeList(_ row: any SQLRow) throws -> DestructionList {
        func uuid(_ column: String) throws -> UUID? { try row.decodeNil(column: column) ? nil : UUID(uuidString: try row.decode(column: column, as: String.self)) }
        return DestructionList(
            id: try uuid("id")!, number: try row.decode(column: "number", as: String.self),
            status: DestructionListStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .inReview,
            version: try row.decode(column: "version", as: Int.self), createdAt: try row.decode(column: "created_at", as: Date.self),
            reviewedBy: try uuid("reviewed_by"), reviewedAt: try row.decode(column: "reviewed_at", as: Date?.self),
            approvedBy: try uuid("approved_by"), approvedAt: try row.decode(column: "approved_at", as: Date?.self),
            returnReason: try row.decode(column: "return_reason", as: String?.self), destroyedAt: try row.decode(column: "destroyed_at", as: Date?.self))
    }

    static func decodeItem(_ row: any SQLRow) throws -> DestructionItem {
        let exclusion: DestructionItem.Exclusion? = try row.decode(column: "excluded_reason", as: String?.self).flatMap { reason in
            guard let by = UUID(uuidString: try row.decode(column: "excluded_by", as: String.self)),
                  let until = CalendarDay(try row.decode(column: "excluded_until", as: String.self)) else { return nil }
            return .init(reason: reason, by: by, at: try row.decode(column: "excluded_at", as: Date.self), until: until)
        }
        return DestructionItem(
            type: RetentionRecordType(rawValue: try row.decode(column: "record_type", as: String.self)) ?? .supportRequest,
            recordID: UUID(uuidString: try row.decode(column: "record_id", as: String.self)) ?? UUID(),
            number: try row.decode(column: "number", as: String.self),
            municipality: MunicipalityCode(try row.decode(column: "municipality_code", as: String.self)),
            runsFrom: try row.decode(column: "runs_from", as: Date.self), dueOn: CalendarDay(try row.decode(column: "due_on", as: String.self))!,
            exclusion: exclusion, destroyedAt: try row.decode(column: "destroyed_at", as: Date?.self))
    }
}
