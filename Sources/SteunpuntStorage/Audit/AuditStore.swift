import Foundation
import SQLKit
import SteunpuntDomain

/// What an audit search may be narrowed to.
public struct AuditFilter: Equatable, Sendable {
    public var action: AuditEvent.Action?
    public var actor: UUID?
    public var objectType: String?
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
        let engine = database.engine
        try await database.transaction { db in try await Self.append(event, on: db, engine: engine) }
    }

    /// Appends an event inside the caller's transaction, so a change and its audit entry
    /// are stored together or not at all. Appends are serialised: on PostgreSQL by an
    /// advisory lock, on SQLite by the write lock `BEGIN IMMEDIATE` already holds.
    static func append(_ event: AuditEvent, on db: any SQLDatabase, engine: Engine) async throws {
        if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(7712016)").run() }
        let last = try await db.select().column("sequence").column("hash").from("audit_events")
            .orderBy("sequence", .descending).limit(1).first()
        let sequence = (try last?.decode(column: "sequence", as: Int.self) ?? 0) + 1
        let previous = try last?.decode(column: "hash", as: String.self) ?? AuditChain.genesis
        // Stored to the millisecond, the precision the hash covers.
        var event = event
        event.occurredAt = Date(timeIntervalSince1970: (event.occurredAt.timeIntervalSince1970 * 1000).rounded() / 1000)
        let hash = digest(AuditChain.canonical(sequence: sequence, previousHash: previous, content: AuditChain.content(of: event)))
        try await db.insert(into: "audit_events")
            .columns("sequence", "occurred_at", "action", "result", "actor_id", "actor_label", "object_type", "object_id", "origin", "previous_hash", "hash")
            .values(SQLBind(sequence), SQLBind(event.occurredAt), SQLBind(event.action.rawValue), SQLBind(event.result.rawValue),
                    SQLBind(event.actor?.uuidString), SQLBind(event.actorLabel), SQLBind(event.objectType), SQLBind(event.objectID),
                    SQLBind(event.origin), SQLBind(previous), SQLBind(hash))
            .run()
    }

    /// Newest first, filtered and paged.
    public func search(_ filter: AuditFilter, page: PageRequest) async throws -> Page<AuditRecord> {
        let total = try await apply(filter, to: database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_events"))
            .first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await apply(filter, to: database.sql.select().column("*").from("audit_events"))
            .orderBy("sequence", .descending).limit(page.size).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// The last successful sign-in of each user, in one query.
    public func lastSignIns() async throws -> [UUID: Date] {
        let rows = try await database.sql.select().column("actor_id").column(SQLFunction("MAX", args: SQLColumn("occurred_at")), as: "last")
            .from("audit_events").where("action", .equal, AuditEvent.Action.signInSucceeded.rawValue)
            .where("actor_id", .isNot, SQLLiteral.null).groupBy("actor_id").all()
        var result: [UUID: Date] = [:]
        for row in rows {
            if let id = UUID(uuidString: try row.decode(column: "actor_id", as: String.self)) { result[id] = try row.decode(column: "last", as: Date.self) }
        }
        return result
    }

    /// Checks the whole chain; an empty list means it is intact.
    public func verify() async throws -> (count: Int, breaks: [AuditChain.Break]) {
        let rows = try await database.sql.select().column("*").from("audit_events").orderBy("sequence").all()
        let links = try rows.map { row in
            let millis = Int64((try row.decode(column: "occurred_at", as: Date.self).timeIntervalSince1970 * 1000).rounded())
            let text = { (column: String) in try row.decode(column: column, as: String?.self) ?? "" }
            return AuditChain.Link(
                sequence: try row.decode(column: "sequence", as: Int.self),
                previousHash: try row.decode(column: "previous_hash", as: String.self),
                hash: try row.decode(column: "hash", as: String.self),
                content: [String(millis), try text("action"), try text("result"), try text("actor_id"), try text("actor_label"),
                          try text("object_type"), try text("object_id"), try text("origin")])
        }
        return (links.count, AuditChain.verify(links, hash: Self.digest))
    }

    static func digest(_ text: String) -> String {
        SecretToken.digest(text)
    }

    private func apply(_ filter: AuditFilter, to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let action = filter.action { query = query.where("action", .equal, action.rawValue) }
        if let actor = filter.actor { query = query.where("actor_id", .equal, actor.uuidString) }
        if let type = filter.objectType { query = query.where("object_type", .equal, type) }
        if let id = filter.objectID { query = query.where("object_id", .equal, id) }
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
            actor: try row.decode(column: "actor_id", as: String?.self).flatMap(UUID.init(uuidString:)),
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
