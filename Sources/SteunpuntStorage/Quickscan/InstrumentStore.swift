import Foundation
import SQLKit
import SteunpuntDomain

/// Quickscan instruments and their versions. A change goes into the latest version while
/// it is a draft, and into a new draft once that is published: published versions are
/// frozen (here, and by triggers in the database). Saves name the version they were based
/// on; a later save by someone else is `conflict("instrument_changed")`.
public struct InstrumentStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    /// Stores a new instrument as draft version 1; `instrument` must be valid.
    public func create(_ instrument: Instrument, id: UUID, by user: UUID?, at now: Date, audit: AuditEvent? = nil) async throws -> InstrumentVersion {
        let valid = try instrument.validated()
        let engine = database.engine
        return try await database.transaction { db in
            try await db.insert(into: "quickscan_instruments").columns("id", "title", "created_by", "created_at")
                .values(SQLBind(id.uppercasedText), SQLBind(valid.title), SQLBind(user?.uppercasedText), SQLBind(now)).run()
            let version = InstrumentVersion(instrumentID: id, version: 1, status: .draft, definition: valid, changedBy: user, changedAt: now)
            try await Self.insert(version, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return version
        }
    }

    /// Saves a changed definition made on `basedOn`: into that version while it is a draft,
    /// as the next draft version once it is published.
    public func save(_ id: UUID, _ instrument: Instrument, basedOn: Int, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> InstrumentVersion {
        let valid = try instrument.validated()
        let engine = database.engine
        return try await database.transaction { db in
            guard let latest = try await Self.latest(id, on: db) else { throw DomainError.notFound }
            guard latest.version == basedOn else { throw DomainError.conflict("instrument_changed") }
            let next: InstrumentVersion
            if latest.status == .draft {
                next = InstrumentVersion(instrumentID: id, version: latest.version, status: .draft, definition: valid, changedBy: user, changedAt: now)
                try await db.update("quickscan_instrument_versions").set("definition", to: try Self.json(valid)).set("changed_by", to: user.uppercasedText)
                    .set("changed_at", to: now).where("instrument_id", .equal, id.uppercasedText).where("version", .equal, latest.version)
                    .where("status", .equal, InstrumentStatus.draft.rawValue).run()
            } else {
                next = InstrumentVersion(instrumentID: id, version: latest.version + 1, status: .draft, definition: valid, changedBy: user, changedAt: now)
                try await Self.insert(next, on: db)
            }
            try await db.update("quickscan_instruments").set("title", to: valid.title).where("id", .equal, id.uppercasedText).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return next
        }
    }

    /// Publishes the latest version, which must be the draft `version`; from then on it is
    /// frozen. Who published it is in the audit entry.
    public func publish(_ id: UUID, version: Int, at now: Date, audit: AuditEvent? = nil) async throws -> InstrumentVersion {
        let engine = database.engine
        return try await database.transaction { db in
            guard var latest = try await Self.latest(id, on: db), version >= 1, version <= latest.version else { throw DomainError.notFound }
            // An earlier version exists but is not the one to publish: someone saved a newer draft.
            guard latest.version == version else { throw DomainError.conflict("instrument_changed") }
            guard latest.status == .draft else { throw DomainError.conflict("instrument_published") }
            try await db.update("quickscan_instrument_versions").set("status", to: InstrumentStatus.published.rawValue).set("published_at", to: now)
                .where("instrument_id", .equal, id.uppercasedText).where("version", .equal, version).run()
            latest.status = .published
            latest.publishedAt = now
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return latest
        }
    }

    /// Adds the instrument Steunpunt ships (`Instrument.starting`), published, when there
    /// is no instrument yet, so a first round can start at once. Returns whether it did.
    @discardableResult
    public func ensureStarting(at now: Date) async throws -> Bool {
        guard try await database.sql.select().column("id").from("quickscan_instruments").limit(1).first() == nil else { return false }
        let id = UUID()
        _ = try await create(.starting, id: id, by: nil, at: now)
        _ = try await publish(id, version: 1, at: now)
        return true
    }

    /// Every version, newest first.
    public func versions(_ id: UUID) async throws -> [InstrumentVersion] {
        try await database.sql.select().column("*").from("quickscan_instrument_versions").where("instrument_id", .equal, id.uppercasedText)
            .orderBy("version", .descending).all().map(Self.decode)
    }

    public func version(_ id: UUID, _ number: Int) async throws -> InstrumentVersion? {
        try await database.sql.select().column("*").from("quickscan_instrument_versions").where("instrument_id", .equal, id.uppercasedText)
            .where("version", .equal, number).first().map(Self.decode)
    }

    /// The newest published version, the one new rounds are fielded with.
    public func latestPublished(_ id: UUID) async throws -> InstrumentVersion? {
        try await database.sql.select().column("*").from("quickscan_instrument_versions").where("instrument_id", .equal, id.uppercasedText)
            .where("status", .equal, InstrumentStatus.published.rawValue).orderBy("version", .descending).limit(1).first().map(Self.decode)
    }

    /// Every instrument's latest version, by title.
    public func list() async throws -> [InstrumentVersion] {
        let rows = try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("v")))
            .from(SQLAlias(SQLIdentifier("quickscan_instrument_versions"), as: SQLIdentifier("v")))
            .join(SQLAlias(SQLIdentifier("quickscan_instruments"), as: SQLIdentifier("i")), method: SQLJoinMethod.inner,
                  on: SQLColumn("id", table: "i"), .equal, SQLColumn("instrument_id", table: "v"))
            .where(SQLColumn("version", table: "v"), .equal, SQLRaw("(SELECT MAX(version) FROM quickscan_instrument_versions m WHERE m.instrument_id = v.instrument_id)"))
            .orderBy(SQLColumn("title", table: "i")).all()
        return try rows.map(Self.decode)
    }

    private static func latest(_ id: UUID, on db: any SQLDatabase) async throws -> InstrumentVersion? {
        try await db.select().column("*").from("quickscan_instrument_versions").where("instrument_id", .equal, id.uppercasedText)
            .orderBy("version", .descending).limit(1).first().map(decode)
    }

    private static func insert(_ version: InstrumentVersion, on db: any SQLDatabase) async throws {
        try await db.insert(into: "quickscan_instrument_versions")
            .columns("instrument_id", "version", "status", "definition", "changed_by", "changed_at", "published_at")
            .values(SQLBind(version.instrumentID.uppercasedText), SQLBind(version.version), SQLBind(version.status.rawValue), SQLBind(try json(version.definition)),
                    SQLBind(version.changedBy?.uppercasedText), SQLBind(version.changedAt), SQLBind(version.publishedAt)).run()
    }

    static func json(_ instrument: Instrument) throws -> String {
        String(decoding: try JSONEncoder.snapshots.encode(instrument), as: UTF8.self)
    }

    private static func decode(_ row: any SQLRow) throws -> InstrumentVersion {
        let id = try row.decode(column: "instrument_id", as: String.self)
        guard let uuid = UUID(text: id), let status = InstrumentStatus(rawValue: try row.decode(column: "status", as: String.self)) else {
            throw StorageError.corruptRow(table: "quickscan_instrument_versions", key: id)
        }
        return InstrumentVersion(instrumentID: uuid, version: try row.decode(column: "version", as: Int.self), status: status,
                                 definition: try JSONDecoder.snapshots.decode(Instrument.self, from: Data(try row.decode(column: "definition", as: String.self).utf8)),
                                 changedBy: try row.decode(column: "changed_by", as: String?.self).flatMap(UUID.init(text:)),
                                 changedAt: try row.decode(column: "changed_at", as: Date.self),
                                 publishedAt: try row.decode(column: "published_at", as: Date?.self))
    }
}
