import Foundation
import SQLKit
import SteunpuntDomain

/// What an audit search may be narrowed to.
public struct AuditFilter: Equatable, Sendable {
    public var action: AuditEvent.Action?
    public var actor: UUID?
    public var objectType: String?
    /// The object, and what is part of it: `X` finds entries about `X` and about `X/…` (an
    /// incident's share with an organisation, a round's municipality).
    public var objectID: String?
    public var from: Date?
    public var until: Date?

    public init(action: AuditEvent.Action? = nil, actor: UUID? = nil, objectType: String? = nil, objectID: String? = nil, from: Date? = nil, until: Date? = nil) {
        self.action = action
        self.actor = actor
        self.objectType = objectType
        self.objectID = objectID
        self.from = from
        self.until = until
    }
}

/// Appends to and reads the hash-chained audit trail.
public struct AuditStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Appends an event in its own transaction.
    public func append(_ event: AuditEvent) async throws {
        try await append(event, lanes: Self.lanes)
    }

    /// Appends in at most `lanes` lanes (the benchmark compares one lane with many).
    package func append(_ event: AuditEvent, lanes: Int, holding: Duration? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.append(event, on: db, engine: engine, lanes: lanes)
            // The rest of a transaction's work, during which its lane (SQLite: the write lock) stays taken (benchmark).
            if let holding { try await Task.sleep(for: holding) }
        }
    }

    /// The lanes the trail is written in on PostgreSQL: up to this many transactions append
    /// at once, each holding its lane until it commits (SQLite has one writer: lane 0).
    public static let lanes = 16
    /// The first of the two keys of a lane's lock (PostgreSQL takes two 32-bit keys).
    static let lockKey = Int32(AdvisoryLock.auditLanes.rawValue)

    /// Appends an event inside the caller's transaction, so a change and its audit entry
    /// are stored together or not at all. Appends to one lane are serialised: on
    /// PostgreSQL by the lane's advisory lock, held until the transaction ends (a
    /// transaction keeps the lane it took for its later entries, so two transactions never
    /// wait for each other's lanes); on SQLite by the write lock `BEGIN IMMEDIATE` holds.
    static func append(_ event: AuditEvent, on db: any SQLDatabase, engine: Engine, lanes: Int = lanes) async throws {
        let lane = engine == .postgres ? try await takeLane(on: db, lanes: lanes) : 0
        let last = try await db.select().column("position").column("hash").from("audit_events").where("lane", .equal, lane)
            .orderBy("position", .descending).limit(1).first()
        let position = (try last?.decode(column: "position", as: Int.self) ?? 0) + 1
        let previous = try last?.decode(column: "hash", as: String.self) ?? AuditChain.genesis
        let sequence: Int
        if engine == .postgres {
            sequence = try await db.raw("SELECT nextval('audit_events_sequence') AS n").first()?.decode(column: "n", as: Int.self) ?? 0
        } else {
            sequence = (try await db.select().column(SQLFunction("MAX", args: SQLColumn("sequence")), as: "n").from("audit_events").first()?
                .decode(column: "n", as: Int?.self) ?? 0) + 1
        }
        // Stored to the millisecond, the precision the hash covers.
        var event = event
        event.occurredAt = Date(timeIntervalSince1970: (event.occurredAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        let hash = digest(AuditChain.canonical(sequence: sequence, position: position, previousHash: previous, content: AuditChain.content(of: event)))
        try await db.insert(into: "audit_events")
            .columns("sequence", "lane", "position", "occurred_at", "action", "result", "actor_id", "actor_label", "object_type", "object_id", "origin",
                     "previous_hash", "hash")
            .values(SQLBind(sequence), SQLBind(lane), SQLBind(position), SQLBind(event.occurredAt), SQLBind(event.action.rawValue),
                    SQLBind(event.result.rawValue), SQLBind(event.actor?.uppercasedText), SQLBind(event.actorLabel), SQLBind(event.objectType),
                    SQLBind(event.objectID), SQLBind(event.origin), SQLBind(previous), SQLBind(hash))
            .run()
    }

    /// The lane this transaction writes in: the one it holds already, else the first free
    /// one counting from lane 0 (one writer at a time writes one chain, as before lanes;
    /// the next lanes take the overflow), else it waits for lane 0. One statement:
    /// `UNION ALL` under `LIMIT 1` reads its parts in order and stops at the first row, so
    /// lanes are tried one at a time only until one is taken (no `ORDER BY`, which would
    /// try them all).
    static func takeLane(on db: any SQLDatabase, lanes: Int) async throws -> Int {
        let free = try await db.raw("""
            SELECT lane FROM (
                SELECT objid::int AS lane FROM pg_locks
                WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND classid = \(literal: lockKey) AND objsubid = 2
                UNION ALL
                SELECT l FROM generate_series(0, \(literal: lanes - 1)) AS l
                WHERE pg_try_advisory_xact_lock(\(literal: lockKey), l)
            ) AS lanes LIMIT 1
            """).first()
        if let lane = try free?.decode(column: "lane", as: Int.self) { return lane }
        try await db.raw("SELECT pg_advisory_xact_lock(\(literal: lockKey), 0)").run()
        return 0
    }

    /// Newest first, filtered and paged.
    public func search(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditRecord> {
        let (rows, total) = try await CountedPage.read(
            rows: apply(filter, to: database.sql.select().column("*").from("audit_events"))
                .orderBy("sequence", .descending).limit(page.size).offset(page.offset),
            count: apply(filter, to: database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_events")))
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// The last successful sign-in of each user, in one query.
    public func lastSignIns() async throws -> [UUID: Date] {
        let rows = try await database.sql.select().column("actor_id").column(SQLFunction("MAX", args: SQLColumn("occurred_at")), as: "last")
            .from("audit_events").where("action", .equal, AuditEvent.Action.signInSucceeded.rawValue)
            .where("actor_id", .isNot, SQLLiteral.null).groupBy("actor_id").all()
        var result: [UUID: Date] = [:]
        for row in rows {
            if let id = UUID(text: try row.decode(column: "actor_id", as: String.self)) { result[id] = try row.decode(column: "last", as: Date.self) }
        }
        return result
    }

    /// Checks every lane's chain; an empty list means the trail is intact. `heads` is the
    /// newest hash and position of each lane: exported regularly, they let a later check
    /// see that no newest entries were removed. A lane whose oldest entries were removed
    /// at the end of their retention is checked from its newest checkpoint, whose signature
    /// must hold under `signer` (without one, checkpoints are taken as they are).
    public func verify(signer: AuditCheckpointSigner? = nil) async throws -> (count: Int, breaks: [AuditChain.Break], heads: [Int: (position: Int, hash: String)]) {
        var starts: [Int: AuditCheckpoint] = [:]
        for checkpoint in try await checkpoints() where checkpoint.position > (starts[checkpoint.lane]?.position ?? 0) {
            starts[checkpoint.lane] = checkpoint
        }
        let rows = try await database.sql.select().column("*").from("audit_events").orderBy("lane").orderBy("position").all()
        var lanes: [Int: [AuditChain.Link]] = [:]
        for row in rows {
            let millis = Int64((try row.decode(column: "occurred_at", as: Date.self).timeIntervalSince1970 * 1000).rounded())
            let text = { (column: String) in try row.decode(column: column, as: String?.self) ?? "" }
            lanes[try row.decode(column: "lane", as: Int.self), default: []].append(AuditChain.Link(
                sequence: try row.decode(column: "sequence", as: Int.self),
                position: try row.decode(column: "position", as: Int.self),
                previousHash: try row.decode(column: "previous_hash", as: String.self),
                hash: try row.decode(column: "hash", as: String.self),
                content: [String(millis), try text("action"), try text("result"), try text("actor_id"), try text("actor_label"),
                          try text("object_type"), try text("object_id"), try text("origin")]))
        }
        var breaks: [AuditChain.Break] = []
        var heads: [Int: (position: Int, hash: String)] = [:]
        for (lane, checkpoint) in starts.sorted(by: { $0.key < $1.key }) where signer.map({ !$0.isValid(checkpoint) }) ?? false {
            breaks.append(.checkpointInvalid(lane: lane, position: checkpoint.position))
        }
        for lane in lanes.keys.sorted() {
            let links = lanes[lane] ?? []
            breaks += AuditChain.verify(links, from: starts[lane], hash: Self.digest)
            if let last = links.last { heads[lane] = (last.position, last.hash) }
        }
        return (rows.count, breaks, heads)
    }

    static func digest(_ text: String) -> String {
        SecretToken.digest(text)
    }

    private func apply(_ filter: AuditFilter, to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let action = filter.action { query = query.where("action", .equal, action.rawValue) }
        if let actor = filter.actor { query = query.where("actor_id", .equal, actor.uppercasedText) }
        if let type = filter.objectType { query = query.where("object_type", .equal, type) }
        if let id = filter.objectID {
            // `LIKE` wildcards in an identifier are taken as they are.
            let part = id.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "/%"
            query = query.where(SQLQueryString("(object_id = \(bind: id) OR object_id LIKE \(bind: part) ESCAPE '\\')"))
        }
        if let from = filter.from { query = query.where("occurred_at", .greaterThanOrEqual, from) }
        if let until = filter.until { query = query.where("occurred_at", .lessThan, until) }
        return query
    }

    static func decode(_ row: any SQLRow) throws -> AuditRecord {
        let sequence = try row.decode(column: "sequence", as: Int.self)
        // An unknown action or result means the row was edited by hand; `verify` reports which.
        let actionText = try row.decode(column: "action", as: String.self)
        let resultText = try row.decode(column: "result", as: String.self)
        guard let action = AuditEvent.Action(rawValue: actionText), let result = AuditEvent.Result(rawValue: resultText) else {
            throw StorageError.corruptRow(table: "audit_events", key: String(sequence))
        }
        let event = AuditEvent(
            action: action, result: result,
            actor: try row.decode(column: "actor_id", as: String?.self).flatMap(UUID.init(text:)),
            actorLabel: try row.decode(column: "actor_label", as: String?.self),
            objectType: try row.decode(column: "object_type", as: String?.self),
            objectID: try row.decode(column: "object_id", as: String?.self),
            origin: try row.decode(column: "origin", as: String?.self),
            occurredAt: try row.decode(column: "occurred_at", as: Date.self))
        return AuditRecord(sequence: sequence, event: event,
                           previousHash: try row.decode(column: "previous_hash", as: String.self),
                           hash: try row.decode(column: "hash", as: String.self))
    }
}
