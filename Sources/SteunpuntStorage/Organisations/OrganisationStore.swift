import Foundation
import SQLKit
import SteunpuntDomain

/// What an organisation list may be narrowed to.
public struct OrganisationFilter: Equatable, Sendable {
    public var text: String?
    public var kind: OrganisationKind?
    public var municipality: MunicipalityCode?
    public var includeInactive: Bool

    public init(text: String? = nil, kind: OrganisationKind? = nil, municipality: MunicipalityCode? = nil, includeInactive: Bool = false) {
        self.text = text
        self.kind = kind
        self.municipality = municipality
        self.includeInactive = includeInactive
    }
}

/// Reads and writes organisations.
public struct OrganisationStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func list(_ filter: OrganisationFilter, page: PageRequest) async throws -> Page<Organisation> {
        let (rows, total) = try await CountedPage.read(
            rows: apply(filter, to: database.sql.select().column("*").from("organisations"))
                .orderBy("search_key").orderBy("id").limit(page.size).offset(page.offset),
            count: apply(filter, to: database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("organisations")))
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// Every organisation's name by identifier (a few hundred rows), for labelling lists.
    public func names() async throws -> [OrganisationID: String] {
        var names: [OrganisationID: String] = [:]
        for row in try await database.sql.select().column("id").column("name").from("organisations").all() {
            if let id = OrganisationID(try row.decode(column: "id", as: String.self)) { names[id] = try row.decode(column: "name", as: String.self) }
        }
        return names
    }

    /// Every active organisation of `kinds` (all kinds when nil) as a name to pick, by name.
    public func choices(kinds: Set<OrganisationKind>? = nil) async throws -> [NamedChoice] {
        var query = database.sql.select().column("id").column("name").column("kind").from("organisations").where("is_active", .equal, true)
        if let kinds { query = query.where("kind", .in, kinds.map(\.rawValue).sorted()) }
        return try await query.orderBy("search_key").orderBy("id").all().map {
            NamedChoice(id: try $0.decode(column: "id", as: String.self), name: try $0.decode(column: "name", as: String.self))
        }
    }

    public func get(_ id: OrganisationID) async throws -> Organisation? {
        try await database.sql.select().column("*").from("organisations").where("id", .equal, id.rawValue).first().map(Self.decode)
    }

    /// Adds an organisation. Throws `DomainError` when the identifier is taken or the
    /// municipality or parent does not exist.
    public func create(_ organisation: Organisation, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.checkReferences(organisation, on: db, isNew: true)
            try await Self.insertRow(organisation, at: now, on: db)
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Changes the name, kind, municipality, parent and active flag of an existing organisation.
    public func update(_ organisation: Organisation, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            try await Self.checkReferences(organisation, on: db, isNew: false)
            try await db.update("organisations")
                .set("name", to: organisation.name).set("search_key", to: SearchKey.fold(organisation.name))
                .set("kind", to: organisation.kind.rawValue)
                .set("municipality_code", to: organisation.municipality?.rawValue)
                .set("parent_id", to: organisation.parent?.rawValue)
                .set("is_active", to: organisation.isActive).set("updated_at", to: now)
                .where("id", .equal, organisation.id.rawValue).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    static func checkReferences(_ organisation: Organisation, on db: any SQLDatabase, isNew: Bool) async throws {
        let exists = try await db.select().column("id").from("organisations").where("id", .equal, organisation.id.rawValue).first() != nil
        if isNew && exists { throw DomainError.invalid([FieldError(field: "id", code: "organisation_id_taken")]) }
        if !isNew && !exists { throw DomainError.notFound }
        var v = Validator()
        if let code = organisation.municipality {
            let found = try await db.select().column("code").from("municipalities").where("code", .equal, code.rawValue).first()
            v.check(found != nil, "gemeente", "unknown_municipality")
        }
        if let parent = organisation.parent {
            let found = try await db.select().column("id").from("organisations").where("id", .equal, parent.rawValue).first()
            v.check(found != nil, "bovenliggend", "unknown_organisation")
            v.check(parent != organisation.id, "bovenliggend", "parent_is_self")
        }
        try v.finish()
    }

    static func insertRow(_ organisation: Organisation, at now: Date, on db: any SQLDatabase) async throws {
        try await db.insert(into: "organisations")
            .columns("id", "name", "search_key", "kind", "municipality_code", "parent_id", "is_active", "created_at", "updated_at")
            .values(SQLBind(organisation.id.rawValue), SQLBind(organisation.name), SQLBind(SearchKey.fold(organisation.name)),
                    SQLBind(organisation.kind.rawValue), SQLBind(organisation.municipality?.rawValue), SQLBind(organisation.parent?.rawValue),
                    SQLBind(organisation.isActive), SQLBind(now), SQLBind(now))
            .run()
    }

    private func apply(_ filter: OrganisationFilter, to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            query = query.where(TextMatch.predicate(text: text, identifierColumn: "id"))
        }
        if let kind = filter.kind { query = query.where("kind", .equal, kind.rawValue) }
        if let code = filter.municipality { query = query.where("municipality_code", .equal, code.rawValue) }
        if !filter.includeInactive { query = query.where("is_active", .equal, true) }
        return query
    }

    static func decode(_ row: any SQLRow) throws -> Organisation {
        let idText = try row.decode(column: "id", as: String.self)
        let kindText = try row.decode(column: "kind", as: String.self)
        guard let id = OrganisationID(idText), let kind = OrganisationKind(rawValue: kindText) else {
            throw StorageError.corruptRow(table: "organisations", key: idText)
        }
        return Organisation(
            id: id,
            name: try row.decode(column: "name", as: String.self),
            kind: kind,
            municipality: try row.decode(column: "municipality_code", as: String?.self).flatMap(MunicipalityCode.init),
            parent: try row.decode(column: "parent_id", as: String?.self).flatMap(OrganisationID.init),
            isActive: try row.decode(column: "is_active", as: Bool.self))
    }
}
