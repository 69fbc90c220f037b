import Foundation
import SQLKit
import SteunpuntDomain

/// Support requests. Every read takes the caller's `RequestScope`, and the scope is part
/// of the SQL: a request outside it is never read (the caller answers 404). Every change
/// writes the request, its history line, its parties and the audit entry in one transaction.
public struct RequestStore: Sendable {
    let database: Database
    public let workflow: RequestWorkflow
    /// A list counts its matches up to this many past the page's offset, then says "more";
    /// a search up to `searchCountCap`.
    public let countCap: Int
    public let searchCountCap: Int

    public init(database: Database, workflow: RequestWorkflow = RequestWorkflow(), countCap: Int = 500, searchCountCap: Int = 100) {
        self.database = database
        self.workflow = workflow
        self.countCap = countCap
        self.searchCountCap = searchCountCap
    }

    /// Files a new request held by `desk`. Checks that the requester and municipality
    /// exist (every problem at once) and gives it the next number of the year.
    /// `alongside` runs in the same transaction after the request is stored (a quickscan
    /// follow-up records its decision with it: both or neither).
    public func create(_ valid: RequestDraft.Valid, id: UUID, desk: OrganisationID, createdBy: UUID, at now: Date,
                       targets: DeadlineTargets, audit: AuditEvent? = nil,
                       alongside: (@Sendable (any SQLDatabase) async throws -> Void)? = nil) async throws -> SupportRequest {
        let engine = database.engine
        let calendar = workflow.calendar
        let year = calendar.calendar.component(.year, from: now)
        // PostgreSQL: the number is taken in its own statement, as a sequence would be, so
        // its row lock is held for that statement only; taken in the transaction, it was
        // held until commit and every filing waited for the one before (16 writers: about
        // 90 a second). A filing refused after this leaves a gap in the numbers. SQLite
        // writes one transaction at a time anyway, and a statement of its own would cost
        // a second commit.
        let taken: Int? = engine == .postgres ? try await Self.nextNumber(in: year, on: database.sql) : nil
        return try await database.transaction { db in
            var v = Validator()
            let requester = try await db.select().column("kind").from("organisations").where("id", .equal, valid.requester.rawValue).first()
            v.check(requester != nil, "aanvrager", "unknown_organisation")
            let municipality = try await db.select().column("province").from("municipalities").where("code", .equal, valid.municipality.rawValue).first()
            v.check(municipality != nil, "gemeente", "unknown_municipality")
            try v.finish()
            let sequence: Int
            if let taken { sequence = taken } else { sequence = try await Self.nextNumber(in: year, on: db) }
            let request = SupportRequest(
                id: id, number: String(format: "HV-%04d-%05d", year, sequence), title: valid.title, description: valid.description,
                requester: valid.requester, municipality: valid.municipality, needs: valid.needs, channel: valid.channel, urgency: valid.urgency,
                preferredContact: valid.preferredContact, desk: desk, holder: desk, createdBy: createdBy, createdAt: now, updatedAt: now,
                firstResponseDue: calendar.addingWorkingDays(targets.firstResponseDays, to: now),
                resolutionDue: calendar.addingWorkingDays(targets.resolutionDays, to: now))
            // Needs are set here and never change: their codes are written once, on the row
            // (`need_codes`, read by lists) and as rows of `request_needs` (counted, filtered).
            var columns = ["id", "number", "requester_id", "municipality_code", "province", "created_by", "created_at", "version", "need_codes"]
            var values: [any SQLExpression] = [SQLBind(id.uppercasedText), SQLBind(request.number), SQLBind(valid.requester.rawValue),
                                               SQLBind(valid.municipality.rawValue), SQLBind(try municipality!.decode(column: "province", as: String.self)),
                                               SQLBind(createdBy.uppercasedText), SQLBind(now), SQLBind(1), SQLBind(RequestRows.needCodes(valid.needs))]
            let deadline = workflow.deadlineState(request, at: now)
            for (column, value) in RequestRows.values(request, deadline: deadline) {
                columns.append(column)
                values.append(SQLBind(value))
            }
            if engine == .sqlite {
                // The row id of the request in the full-text table (SQLite serialises writers).
                columns.append("search_id")
                values.append(SQLRaw("(SELECT COALESCE(MAX(search_id), 0) + 1 FROM support_requests)"))
            }
            try await db.insert(into: "support_requests").columns(columns).values(values).run()
            for need in valid.needs {
                try await db.insert(into: "request_needs").columns("request_id", "need_code").values(SQLBind(id.uppercasedText), SQLBind(need.rawValue)).run()
            }
            try await Self.addParty(desk, to: request, deadline: deadline, on: db)
            let filed = StatusChange(from: nil, to: .received, action: "aanmaken", actor: createdBy, at: now)
            try await Self.appendHistory(filed, request: id, version: 1, on: db)
            try await NotificationStore.notify(RequestNotice.after(filed, next: request, previous: nil), about: request, actor: createdBy, at: now, on: db)
            if let alongside { try await alongside(db) }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return request
        }
    }

    /// The next request number of `year`: numbers count up per year.
    static func nextNumber(in year: Int, on db: any SQLDatabase) async throws -> Int {
        try await db.raw("""
            INSERT INTO request_numbers (year, last) VALUES (\(bind: year), 1)
            ON CONFLICT (year) DO UPDATE SET last = request_numbers.last + 1 RETURNING last
            """).first()!.decode(column: "last", as: Int.self)
    }

    /// The request with its needs and parties, when it is within `scope`.
    public func get(_ id: UUID, scope: RequestScope) async throws -> (request: SupportRequest, parties: Set<OrganisationID>)? {
        guard scope != .none,
              let row = try await RequestQuery.scoped(database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("support_requests")))
                .from("support_requests"), scope).where(SQLColumn("id", table: "support_requests"), .equal, SQLBind(id.uppercasedText)).first() else { return nil }
        let request = try RequestRows.decode(row)
        let parties = try await database.sql.select().column("organisation_id").from("request_parties").where("request_id", .equal, id.uppercasedText)
            .all().compactMap { OrganisationID(try $0.decode(column: "organisation_id", as: String.self)) }
        return (request, Set(parties))
    }

    /// Stores the outcome of `RequestWorkflow.apply`: the new state (refused with
    /// `conflict("request_changed")` when someone changed it since `previous` was read),
    /// the history line, the parties (a new holder joins; a declining one leaves) and the audit entry.
    public func save(_ next: SupportRequest, previous: SupportRequest, change: StatusChange, at now: Date, audit: AuditEvent? = nil) async throws -> SupportRequest {
        let engine = database.engine
        return try await database.transaction { db in
            let stored = try await self.write(next, previous: previous, change: change, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return stored
        }
    }

    /// The writing part of `save`, on the caller's transaction.
    @discardableResult
    func write(_ next: SupportRequest, previous: SupportRequest, change: StatusChange, at now: Date, on db: any SQLDatabase) async throws -> SupportRequest {
        try await RecordSkeletons.refuseIfDestroyed(.supportRequest, previous.id, on: db)
        var stored = next
        stored.version = previous.version + 1
        var update = db.update("support_requests").set("version", to: stored.version)
        for (column, value) in RequestRows.values(stored, deadline: workflow.deadlineState(stored, at: now)) {
            update = update.set(SQLColumn(column), to: SQLBind(value))
        }
        let deadline = workflow.deadlineState(stored, at: now)
        let storedDeadline = try await db.select().column("deadline_state").from("support_requests").where("id", .equal, previous.id.uppercasedText)
            .first()?.decode(column: "deadline_state", as: String.self)
        let rows = try await update.where("id", .equal, previous.id.uppercasedText).where("version", .equal, previous.version).returning("id").all()
        guard !rows.isEmpty else { throw DomainError.conflict("request_changed") }
        // The parties' copy of what lists filter on.
        try await db.update("request_parties").set("status", to: stored.status.rawValue).set("deadline_state", to: deadline.rawValue)
            .where("request_id", .equal, previous.id.uppercasedText).run()
        if next.holder != previous.holder { try await Self.addParty(next.holder, to: stored, deadline: deadline, on: db) }
        if change.action == RequestAction.decline(reason: "").identifier {
            try await db.delete(from: "request_parties").where("request_id", .equal, previous.id.uppercasedText)
                .where("organisation_id", .equal, previous.holder.rawValue).where("organisation_id", .notEqual, previous.desk.rawValue).run()
        }
        // Every step is history, except a message that changes nothing but the first-response time.
        let isMessageOnly = [RequestAction.reply.identifier, RequestAction.requesterReply.identifier].contains(change.action) && change.from == change.to
        if !isMessageOnly { try await Self.appendHistory(change, request: previous.id, version: stored.version, on: db) }
        // Whom the change concerns hears of it, and of a deadline it moved, in this
        // transaction (`RequestNotice`); so do subscribed systems.
        let deadlineNotices = storedDeadline.flatMap(DeadlineState.init(rawValue:))
            .map { RequestNotice.after(deadline: deadline, previous: $0, request: stored) } ?? []
        try await NotificationStore.notify(RequestNotice.after(change, next: stored, previous: previous) + deadlineNotices, about: stored,
                                           actor: change.actor, at: now, on: db)
        return stored
    }

    /// The status history, oldest first.
    /// The numbers of requests by id, in one query (for the audit trail: which request an
    /// entry is about, without its contents).
    public func numbers(of ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var numbers: [UUID: String] = [:]
        for row in try await database.sql.select().column("id").column("number").from("support_requests")
            .where("id", .in, Array(Set(ids)).map(\.uppercasedText)).all() {
            if let id = UUID(text: try row.decode(column: "id", as: String.self)) { numbers[id] = try row.decode(column: "number", as: String.self) }
        }
        return numbers
    }

    /// The id of the request with `number` (`HV-2026-00004`, any case), if there is one.
    public func id(number: String) async throws -> UUID? {
        try await database.sql.select().column("id").from("support_requests")
            .where("number", .equal, number.trimmingCharacters(in: .whitespaces).uppercased()).first()
            .flatMap { UUID(text: try $0.decode(column: "id", as: String.self)) }
    }

    public func history(_ id: UUID) async throws -> [StatusChange] {
        try await database.sql.select().column("*").from("request_history").where("request_id", .equal, id.uppercasedText)
            .orderBy("version").all().map { row in
                StatusChange(from: try row.decode(column: "from_status", as: String?.self).flatMap(RequestStatus.init(rawValue:)),
                             to: RequestStatus(rawValue: try row.decode(column: "to_status", as: String.self)) ?? .received,
                             action: try row.decode(column: "action", as: String.self), reason: try row.decode(column: "reason", as: String?.self),
                             organisation: try row.decode(column: "organisation_id", as: String?.self).flatMap(OrganisationID.init),
                             actor: UUID(text: try row.decode(column: "actor_id", as: String.self)) ?? UUID(),
                             at: try row.decode(column: "occurred_at", as: Date.self))
            }
    }

    /// Gives `organisation` sight of `request`, with the request's copy of the columns its lists use.
    static func addParty(_ organisation: OrganisationID, to request: SupportRequest, deadline: DeadlineState, on db: any SQLDatabase) async throws {
        try await db.insert(into: "request_parties").columns("request_id", "organisation_id", "created_at", "status", "deadline_state", "needs")
            .values(SQLBind(request.id.uppercasedText), SQLBind(organisation.rawValue), SQLBind(request.createdAt), SQLBind(request.status.rawValue),
                    SQLBind(deadline.rawValue), SQLBind(RequestRows.partyNeeds(request.needs.map(\.rawValue)))).ignoringConflicts().run()
    }

    /// A history line, numbered by the request version it produced (so it sorts exactly).
    static func appendHistory(_ change: StatusChange, request: UUID, version: Int, on db: any SQLDatabase) async throws {
        try await db.insert(into: "request_history")
            .columns("id", "request_id", "version", "from_status", "to_status", "action", "reason", "organisation_id", "actor_id", "occurred_at")
            .values(SQLBind(UUID().uppercasedText), SQLBind(request.uppercasedText), SQLBind(version), SQLBind(change.from?.rawValue), SQLBind(change.to.rawValue),
                    SQLBind(change.action), SQLBind(change.reason), SQLBind(change.organisation?.rawValue), SQLBind(change.actor.uppercasedText),
                    SQLBind(change.at)).run()
    }
}

extension RequestStore {
    /// Open requests per assignee among those `holder` holds: the workload a coordinator
    /// weighs when assigning.
    public func workload(holder: OrganisationID) async throws -> [UUID: Int] {
        var counts: [UUID: Int] = [:]
        let rows = try await database.sql.select().column("assignee_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("support_requests").where("holder_id", .equal, holder.rawValue).where("status", .notEqual, RequestStatus.closed.rawValue)
            .where("assignee_id", .isNot, SQLLiteral.null).groupBy("assignee_id").all()
        for row in rows {
            if let id = UUID(text: try row.decode(column: "assignee_id", as: String.self)) { counts[id] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }
}

extension RequestStore {
    /// Recomputes the stored deadline state (on time, due soon, overdue, paused) of every
    /// open request at `now`, so lists can filter on it; writes only what changed, and tells
    /// the holder of a request whose deadline came near or passed (`RequestNotice`), in the
    /// same transaction. Returns the number of open requests per state.
    ///
    /// Reads the open requests `batch` at a time in identifier order, so the job holds one
    /// batch in memory however many requests are open (it read them all at once before,
    /// which put every open request's text in memory at each start, issue 17). Between
    /// batches it asks `continuing`; when that says no (the server is shutting down) it
    /// throws `CancellationError`, what it stored so far stays stored, and the next round
    /// starts over.
    @discardableResult
    public func refreshDeadlines(at now: Date, batch: Int = 500, continuing: @Sendable () -> Bool = { true }) async throws -> [DeadlineState: Int] {
        let open = RequestStatus.allCases.filter(\.isOpen).map(\.rawValue)
        var counts: [DeadlineState: Int] = [:]
        var after: String?
        while true {
            var query = database.sql.select().column("*").from("support_requests").where("status", .in, SQLBind.group(open))
            if let after { query = query.where("id", .greaterThan, SQLBind(after)) }
            let rows = try await query.orderBy("id").limit(batch).all()
            var moves: [DeadlineMove: [SupportRequest]] = [:]
            for row in rows {
                let request = try RequestRows.decode(row)
                let state = workflow.deadlineState(request, at: now)
                counts[state, default: 0] += 1
                let stored = try row.decode(column: "deadline_state", as: String.self)
                if stored != state.rawValue { moves[DeadlineMove(from: DeadlineState(rawValue: stored) ?? .onTime, to: state), default: []].append(request) }
            }
            for (move, requests) in moves {
                for start in stride(from: 0, to: requests.count, by: 200) {
                    let chunk = Array(requests[start..<min(start + 200, requests.count)])
                    try await database.transaction { db in try await Self.store(move, of: chunk, at: now, on: db) }
                }
            }
            guard rows.count == batch, let last = rows.last else { return counts }
            after = try last.decode(column: "id", as: String.self)
            guard continuing() else { throw CancellationError() }
        }
    }

    /// A change of stored deadline state.
    struct DeadlineMove: Hashable {
        let from: DeadlineState
        let to: DeadlineState
    }

    /// Stores `move` for `requests` still in its `from` state (a change or another instance
    /// since they were read has stored the state, and told whom it concerns), and tells
    /// their holders.
    static func store(_ move: DeadlineMove, of requests: [SupportRequest], at now: Date, on db: any SQLDatabase) async throws {
        let ids: [String] = requests.map { $0.id.uppercasedText }
        let rows = try await db.update("support_requests").set("deadline_state", to: move.to.rawValue)
            .where("id", .in, SQLBind.group(ids)).where("deadline_state", .equal, move.from.rawValue).returning("id").all()
        var moved: Set<String> = []
        for row in rows { moved.insert(try row.decode(column: "id", as: String.self)) }
        guard !moved.isEmpty else { return }
        try await db.update("request_parties").set("deadline_state", to: move.to.rawValue).where("request_id", .in, SQLBind.group(Array(moved))).run()
        for request in requests where moved.contains(request.id.uppercasedText) {
            try await NotificationStore.notify(RequestNotice.after(deadline: move.to, previous: move.from, request: request),
                                               about: request, actor: nil, at: now, on: db)
        }
    }
}
