import Foundation
import SQLKit
import SteunpuntDomain

/// The versions of the 10-point plan. A change goes into the latest version while it is a
/// draft, and into a new draft once that is published: published versions are frozen.
/// Saves name the version they were based on; a later save is `conflict("plan_changed")`.
/// Publishing carries every municipality's progress over point by point
/// (`PlanChanges`): unchanged points as they are, changed points marked for review (with a
/// line in their history), removed points kept out of sight.
public struct PlanStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Publishes the starting plan as version 1 when there is no version yet. Returns whether it did.
    @discardableResult
    public func ensureStarting(at now: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await db.select().column("version").from("plan_versions").limit(1).first() == nil else { return false }
            try await Self.insert(PlanVersion(version: 1, status: .published, plan: .starting, changedBy: nil, changedAt: now, publishedAt: now), on: db)
            return true
        }
    }

    /// Every version, newest first.
    public func versions() async throws -> [PlanVersion] {
        try await database.sql.select().column("*").from("plan_versions").orderBy("version", .descending).all().map(Self.decode)
    }

    public func version(_ number: Int) async throws -> PlanVersion? {
        try await database.sql.select().column("*").from("plan_versions").where("version", .equal, number).first().map(Self.decode)
    }

    /// The newest published version: the plan municipalities work with.
    public func published() async throws -> PlanVersion? {
        try await database.sql.select().column("*").from("plan_versions").where("status", .equal, PlanStatus.published.rawValue)
            .orderBy("version", .descending).limit(1).first().map(Self.decode)
    }

    /// Saves `plan` (already valid) as a change made on version `basedOn`.
    public func save(_ plan: Plan, basedOn: Int, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> PlanVersion {
        try await save(basedOn: basedOn, by: user, at: now, audit: audit) { _ in plan }
    }

    /// Saves the plan `change` makes of the latest version as it stands inside the
    /// transaction, a change made on version `basedOn`. Saves and publications of the plan
    /// take turns (PostgreSQL: the table locked against other writers; SQLite has one
    /// writer), so two edits of different points both land, and `change` sees what an edit
    /// saved a moment before (it throws to refuse overwriting it).
    public func save(basedOn: Int, by user: UUID, at now: Date, audit: AuditEvent? = nil,
                     _ change: @escaping @Sendable (PlanVersion) throws -> Plan) async throws -> PlanVersion {
        let engine = database.engine
        return try await database.transaction { db in
            try await Self.takeTurn(on: db, engine: engine)
            guard let latest = try await Self.latest(on: db) else { throw DomainError.notFound }
            guard latest.version == basedOn else { throw DomainError.conflict("plan_changed") }
            let plan = try change(latest)
            let next = PlanVersion(version: latest.status == .draft ? latest.version : latest.version + 1, status: .draft, plan: plan,
                                   changedBy: user, changedAt: now)
            if latest.status == .draft {
                try await db.update("plan_versions").set("definition", to: try Self.json(plan)).set("changed_by", to: user.uppercasedText)
                    .set("changed_at", to: now).where("version", .equal, latest.version).where("status", .equal, PlanStatus.draft.rawValue).run()
            } else {
                try await Self.insert(next, on: db)
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return next
        }
    }

    /// Waits for any other save or publication of the plan to finish (PostgreSQL; readers
    /// are not held up). SQLite's transactions already write one at a time.
    private static func takeTurn(on db: any SQLDatabase, engine: Engine) async throws {
        guard engine == .postgres else { return }
        try await db.raw("LOCK TABLE plan_versions IN EXCLUSIVE MODE").run()
    }

    /// Publishes draft `version` (the latest) and carries progress over; returns what changed.
    public func publish(version: Int, at now: Date, audit: AuditEvent? = nil) async throws -> (version: PlanVersion, changes: PlanChanges) {
        let engine = database.engine
        return try await database.transaction { db in
            try await Self.takeTurn(on: db, engine: engine)
            guard var latest = try await Self.latest(on: db), version >= 1, version <= latest.version else { throw DomainError.notFound }
            guard latest.version == version else { throw DomainError.conflict("plan_changed") }
            guard latest.status == .draft else { throw DomainError.conflict("plan_published") }
            let previous = try await db.select().column("*").from("plan_versions").where("status", .equal, PlanStatus.published.rawValue)
                .orderBy("version", .descending).limit(1).first().map(Self.decode)
            let changes = PlanChanges(from: previous?.plan, to: latest.plan)
            try await db.update("plan_versions").set("status", to: PlanStatus.published.rawValue).set("published_at", to: now)
                .where("version", .equal, version).run()
            try await ProgressStore.markForReview(changes.toReview, planVersion: version, at: now, on: db)
            latest.status = .published
            latest.publishedAt = now
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return (latest, changes)
        }
    }

    private static func latest(on db: any SQLDatabase) async throws -> PlanVersion? {
        try await db.select().column("*").from("plan_versions").orderBy("version", .descending).limit(1).first().map(decode)
    }

    private static func insert(_ version: PlanVersion, on db: any SQLDatabase) async throws {
        try await db.insert(into: "plan_versions").columns("version", "status", "definition", "changed_by", "changed_at", "published_at")
            .values(SQLBind(version.version), SQLBind(version.status.rawValue), SQLBind(try json(version.plan)), SQLBind(version.changedBy?.uppercasedText),
                    SQLBind(version.changedAt), SQLBind(version.publishedAt)).run()
    }

    static func json(_ plan: Plan) throws -> String {
        String(decoding: try JSONEncoder.snapshots.encode(plan), as: UTF8.self)
    }

    private static func decode(_ row: any SQLRow) throws -> PlanVersion {
        let number = try row.decode(column: "version", as: Int.self)
        guard let status = PlanStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StorageError.corruptRow(table: "plan_versions", key: String(number))
        }
        return PlanVersion(version: number, status: status,
                           plan: try JSONDecoder.snapshots.decode(Plan.self, from: Data(try row.decode(column: "definition", as: String.self).utf8)),
                           changedBy: try row.decode(column: "changed_by", as: String?.self).flatMap(UUID.init(text:)),
                           changedAt: try row.decode(column: "changed_at", as: Date.self),
                           publishedAt: try row.decode(column: "published_at", as: Date?.self))
    }
}
