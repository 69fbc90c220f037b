import Foundation
import SQLKit
import SteunpuntDomain

/// What a municipality list may be narrowed to.
public struct MunicipalityFilter: Equatable, Sendable {
    /// Matches the name (diacritics and case folded) or the start of the CBS code.
    public var text: String?
    public var province: Province?
    public var priorityOnly: Bool
    /// Ended (merged-away) municipalities are left out unless asked for.
    public var includeEnded: Bool

    public init(text: String? = nil, province: Province? = nil, priorityOnly: Bool = false, includeEnded: Bool = false) {
        self.text = text
        self.province = province
        self.priorityOnly = priorityOnly
        self.includeEnded = includeEnded
    }
}

/// Reads and writes municipalities. Each municipality is also an organisation (same
/// identifier, kind `gemeente`); this store keeps the two in step.
public struct MunicipalityStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func list(_ filter: MunicipalityFilter, page: PageRequest) async throws -> Page<Municipality> {
        let (rows, total) = try await CountedPage.read(
            rows: apply(filter, to: database.sql.select().column("*").from("municipalities"))
                .orderBy("search_key").orderBy("code").limit(page.size).offset(page.offset),
            count: apply(filter, to: database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("municipalities")))
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    public func get(_ code: MunicipalityCode) async throws -> Municipality? {
        try await database.sql.select().column("*").from("municipalities").where("code", .equal, code.rawValue)
            .first().map(Self.decode)
    }

    /// Every municipality, ended ones included, ordered by code.
    public func all() async throws -> [Municipality] {
        try await database.sql.select().column("*").from("municipalities").orderBy("code").all().map(Self.decode)
    }

    public func count(includeEnded: Bool = false) async throws -> Int {
        var query = database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("municipalities")
        if !includeEnded { query = query.where("ended_on", .is, SQLLiteral.null) }
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// How many active municipalities each province has.
    public func countsByProvince() async throws -> [Province: Int] {
        let rows = try await database.sql.select().column("province").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("municipalities")
            .where("ended_on", .is, SQLLiteral.null).groupBy("province").all()
        var counts: [Province: Int] = [:]
        for row in rows {
            let name = try row.decode(column: "province", as: String.self)
            guard let province = Province(rawValue: name) else { throw StorageError.corruptRow(table: "municipalities", key: name) }
            counts[province] = try row.decode(column: "n", as: Int.self)
        }
        return counts
    }

    /// The municipalities of `codes` (any order; unknown codes left out).
    public func some(_ codes: Set<MunicipalityCode>) async throws -> [Municipality] {
        guard !codes.isEmpty else { return [] }
        return try await database.sql.select().column("*").from("municipalities").where("code", .in, codes.map(\.rawValue).sorted()).all().map(Self.decode)
    }

    /// Applies an import plan in one transaction: new municipalities (and their
    /// organisations) are added, changed ones updated, missing ones ended. Nothing is deleted.
    public func apply(_ plan: MunicipalityImportPlan, at now: Date, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            for municipality in plan.added {
                try await db.insert(into: "municipalities")
                    .columns("code", "name", "search_key", "province", "population", "is_priority", "ended_on", "updated_at")
                    .values(SQLBind(municipality.code.rawValue), SQLBind(municipality.name), SQLBind(SearchKey.fold(municipality.name)),
                            SQLBind(municipality.province.rawValue), SQLBind(municipality.population), SQLBind(municipality.isPriority),
                            SQLLiteral.null, SQLBind(now))
                    .run()
                try await OrganisationStore.insertRow(Organisation(id: OrganisationID(municipality: municipality.code), name: municipality.name, kind: .municipality, municipality: municipality.code), at: now, on: db)
            }
            for municipality in plan.updated {
                try await db.update("municipalities")
                    .set("name", to: municipality.name).set("search_key", to: SearchKey.fold(municipality.name))
                    .set("province", to: municipality.province.rawValue).set("population", to: municipality.population)
                    .set("ended_on", to: SQLLiteral.null).set("updated_at", to: now)
                    .where("code", .equal, municipality.code.rawValue).run()
                try await db.update("organisations")
                    .set("name", to: municipality.name).set("search_key", to: SearchKey.fold(municipality.name))
                    .set("is_active", to: true).set("updated_at", to: now)
                    .where("id", .equal, municipality.code.rawValue).run()
            }
            for code in plan.ended {
                try await db.update("municipalities").set("ended_on", to: now).set("updated_at", to: now)
                    .where("code", .equal, code.rawValue).run()
                try await db.update("organisations").set("is_active", to: false).set("updated_at", to: now)
                    .where("id", .equal, code.rawValue).run()
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Sets or clears the national priority flag.
    public func setPriority(_ code: MunicipalityCode, _ isPriority: Bool, at now: Date) async throws {
        try await database.sql.update("municipalities").set("is_priority", to: isPriority).set("updated_at", to: now)
            .where("code", .equal, code.rawValue).run()
    }

    private func apply(_ filter: MunicipalityFilter, to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        if let text = filter.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            query = query.where(TextMatch.predicate(text: text, identifierColumn: "code"))
        }
        if let province = filter.province { query = query.where("province", .equal, province.rawValue) }
        if filter.priorityOnly { query = query.where("is_priority", .equal, true) }
        if !filter.includeEnded { query = query.where("ended_on", .is, SQLLiteral.null) }
        return query
    }

    static func decode(_ row: any SQLRow) throws -> Municipality {
        let codeText = try row.decode(column: "code", as: String.self)
        let provinceText = try row.decode(column: "province", as: String.self)
        guard let code = MunicipalityCode(codeText), let province = Province(rawValue: provinceText) else {
            throw StorageError.corruptRow(table: "municipalities", key: codeText)
        }
        return Municipality(
            code: code,
            name: try row.decode(column: "name", as: String.self),
            province: province,
            population: try row.decode(column: "population", as: Int.self),
            isPriority: try row.decode(column: "is_priority", as: Bool.self),
            endedOn: try row.decode(column: "ended_on", as: Date?.self))
    }
}
