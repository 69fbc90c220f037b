import Foundation
import SQLKit
import SteunpuntDomain

/// What the register is searched by: a municipality, a theme, words of the name or role,
/// and whether only the entries due for review (no activity since `dueBefore`).
public struct NetworkFilter: Sendable, Equatable {
    public var municipality: MunicipalityCode?
    public var theme: NeedCode?
    public var text: String?
    public var dueBefore: Date?

    public init(municipality: MunicipalityCode? = nil, theme: NeedCode? = nil, text: String? = nil, dueBefore: Date? = nil) {
        self.municipality = municipality
        self.theme = theme
        self.text = text
        self.dueBefore = dueBefore
    }
}

/// An introduction made: the desk activity of kind network introduction that names the entry.
public struct NetworkIntroduction: Sendable, Equatable {
    public let request: UUID
    public let number: String
    public let requester: String
    public let day: String
    public let author: String
}

/// The unit's network register (issue 19). The use case decides who reads it and audits
/// each read; this store reads and writes the rows.
public struct NetworkStore: Sendable {
    let database: Database

    public init(database: Database) {
        self.database = database
    }

    static let columns = ["id", "kind", "name", "role", "municipality_code", "themes", "contact_route", "consent", "consent_on", "note", "version",
                          "created_by", "created_at", "updated_at"]

    static func values(_ e: NetworkEntry) -> [any SQLExpression] {
        [SQLBind(e.id.uppercasedText), SQLBind(e.kind.rawValue), SQLBind(e.name), SQLBind(e.role), SQLBind(e.municipality.rawValue),
         SQLBind(e.themes.map(\.rawValue).joined(separator: " ")), SQLBind(e.contactRoute), SQLBind(e.consent.rawValue), SQLBind(e.consentOn),
         SQLBind(e.note), SQLBind(e.version), SQLBind(e.createdBy.uppercasedText), SQLBind(e.createdAt), SQLBind(e.updatedAt)]
    }

    public func create(_ valid: NetworkEntryDraft.Valid, id: UUID, by user: UUID, at now: Date, audit: AuditEvent? = nil) async throws -> NetworkEntry {
        let entry = NetworkEntry(id: id, kind: valid.kind, name: valid.name, role: valid.role, municipality: valid.municipality, themes: valid.themes,
                                 contactRoute: valid.contactRoute, consent: valid.consent, consentOn: valid.consentOn, note: valid.note,
                                 createdBy: user, createdAt: now, updatedAt: now)
        let engine = database.engine
        try await database.transaction { db in
            try await db.insert(into: "network_entries").columns(Self.columns).values(Self.values(entry)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
        return entry
    }

    /// Saves a change made from `expectedVersion`; `conflict("network_entry_changed")` when someone saved in between.
    public func update(_ id: UUID, with valid: NetworkEntryDraft.Valid, expectedVersion: Int, at now: Date, audit: AuditEvent? = nil) async throws -> NetworkEntry {
        let engine = database.engine
        return try await database.transaction { db in
            var select = db.select().column("*").from("network_entries").where("id", .equal, id.uppercasedText)
            if engine == .postgres { select = select.for(.update) }
            guard var entry = try await select.first().map(Self.decode) else { throw DomainError.notFound }
            try await RecordSkeletons.refuseIfDestroyed(.networkEntry, id, on: db)
            guard entry.version == expectedVersion else { throw DomainError.conflict("network_entry_changed") }
            entry.kind = valid.kind
            entry.name = valid.name
            entry.role = valid.role
            entry.municipality = valid.municipality
            entry.themes = valid.themes
            entry.contactRoute = valid.contactRoute
            entry.consent = valid.consent
            entry.consentOn = valid.consentOn
            entry.note = valid.note
            entry.version += 1
            entry.updatedAt = now
            var update = db.update("network_entries")
            for (column, value) in zip(Self.columns, Self.values(entry)) where !["id", "created_by", "created_at"].contains(column) {
                update = update.set(SQLIdentifier(column), to: value)
            }
            try await update.where("id", .equal, id.uppercasedText).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return entry
        }
    }

    /// The last activity of each entry: its last change or its last introduction, whichever is later.
    static let lastActivity: SQLQueryString = """
        CASE WHEN (SELECT MAX(a.created_at) FROM request_activities a WHERE a.network_entry_id = e.id) > e.updated_at
             THEN (SELECT MAX(a.created_at) FROM request_activities a WHERE a.network_entry_id = e.id) ELSE e.updated_at END
        """

    public func get(_ id: UUID) async throws -> NetworkListing? {
        try await database.sql.raw("""
            SELECT e.*, \(Self.lastActivity) AS last_activity,
                   (SELECT COUNT(*) FROM request_activities a WHERE a.network_entry_id = e.id) AS introductions
            FROM network_entries e WHERE e.id = \(bind: id.uppercasedText)
            """).first().map(Self.listing)
    }

    /// Whether the entry exists and was not destroyed: only such an entry can be introduced.
    public func exists(_ id: UUID) async throws -> Bool {
        try await database.sql.select().column("id").from("network_entries").where("id", .equal, id.uppercasedText)
            .where("destroyed_at", .is, SQLLiteral.null).first() != nil
    }

    /// The entries matching `filter`, by name; destroyed ones are no longer in the register.
    public func list(_ filter: NetworkFilter, page: PageRequest) async throws -> Page<NetworkListing> {
        var conditions: [SQLQueryString] = []
        if let municipality = filter.municipality { conditions.append("e.municipality_code = \(bind: municipality.rawValue)") }
        if let theme = filter.theme {
            conditions.append("(' ' || e.themes || ' ') LIKE \(bind: "% \(theme.rawValue) %")")
        }
        for word in (filter.text ?? "").lowercased().split(separator: " ").prefix(5) {
            let pattern = "%" + word.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            conditions.append("(LOWER(e.name) LIKE \(bind: pattern) OR LOWER(e.role) LIKE \(bind: pattern))")
        }
        if let cutoff = filter.dueBefore {
            conditions.append("e.updated_at < \(bind: cutoff) AND NOT EXISTS (SELECT 1 FROM request_activities a WHERE a.network_entry_id = e.id AND a.created_at >= \(bind: cutoff))")
        }
        var whereClause: SQLQueryString = "WHERE e.destroyed_at IS NULL"
        for condition in conditions { whereClause = "\(whereClause) AND \(condition)" }
        let (rows, total) = try await CountedPage.read(
            database.sql,
            columns: "e.*, \(Self.lastActivity) AS last_activity, (SELECT COUNT(*) FROM request_activities a WHERE a.network_entry_id = e.id) AS introductions",
            from: "FROM network_entries e \(whereClause)", orderBy: "e.name, e.id", limit: page.size, offset: page.offset)
        return Page(items: try rows.map(Self.listing), total: total, request: page)
    }

    /// How many entries are due for review (no change and no introduction since `cutoff`).
    public func dueForReview(before cutoff: Date) async throws -> Int {
        try await list(NetworkFilter(dueBefore: cutoff), page: PageRequest(size: 1)).total
    }

    /// The introductions made with the entry, the most recent first.
    public func introductions(of id: UUID) async throws -> [NetworkIntroduction] {
        try await database.sql.raw("""
            SELECT r.id AS request, r.number AS number, o.name AS requester, a.occurred_on AS day, u.name AS author
            FROM request_activities a JOIN support_requests r ON r.id = a.request_id JOIN organisations o ON o.id = r.requester_id
            JOIN users u ON u.id = a.author_id
            WHERE a.network_entry_id = \(bind: id.uppercasedText)
            ORDER BY a.occurred_on DESC, a.created_at DESC
            """).all().compactMap { row in
                guard let request = UUID(text: try row.decode(column: "request", as: String.self)) else { return nil }
                return NetworkIntroduction(request: request, number: try row.decode(column: "number", as: String.self),
                                           requester: try row.decode(column: "requester", as: String.self), day: try row.decode(column: "day", as: String.self),
                                           author: try row.decode(column: "author", as: String.self))
            }
    }

    /// Entries to choose from when an introduction is recorded, by name (not the destroyed).
    public func choices() async throws -> [NamedChoice] {
        try await database.sql.raw("""
            SELECT e.id, e.name, m.name AS municipality FROM network_entries e JOIN municipalities m ON m.code = e.municipality_code
            WHERE e.destroyed_at IS NULL ORDER BY e.name
            """)
            .all().map { NamedChoice(id: try $0.decode(column: "id", as: String.self),
                                     name: "\(try $0.decode(column: "name", as: String.self)) (\(try $0.decode(column: "municipality", as: String.self)))") }
    }

    static func listing(_ row: any SQLRow) throws -> NetworkListing {
        NetworkListing(entry: try decode(row), lastActivity: try row.decode(column: "last_activity", as: Date.self),
                       introductions: try row.decode(column: "introductions", as: Int.self))
    }

    static func decode(_ row: any SQLRow) throws -> NetworkEntry {
        let key = try row.decode(column: "id", as: String.self)
        func value<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "network_entries", key: key) }
            return value
        }
        let themes = try row.decode(column: "themes", as: String.self).split(separator: " ").map { word in
            guard let need = NeedCode(String(word)) else { throw StorageError.corruptRow(table: "network_entries", key: key) }
            return need
        }
        return NetworkEntry(id: try value("id", UUID.init(text:)), kind: try value("kind", NetworkEntryKind.init(rawValue:)),
                            name: try row.decode(column: "name", as: String.self), role: try row.decode(column: "role", as: String.self),
                            municipality: try value("municipality_code", MunicipalityCode.init), themes: themes,
                            contactRoute: try row.decode(column: "contact_route", as: String.self), consent: try value("consent", ConsentForm.init(rawValue:)),
                            consentOn: try row.decode(column: "consent_on", as: String.self), note: try row.decode(column: "note", as: String.self),
                            version: try row.decode(column: "version", as: Int.self), createdBy: try value("created_by", UUID.init(text:)),
                            createdAt: try row.decode(column: "created_at", as: Date.self), updatedAt: try row.decode(column: "updated_at", as: Date.self),
                            destroyedAt: try row.decode(column: "destroyed_at", as: Date?.self))
    }
}
