import Foundation
import SQLKit
import SteunpuntDomain

/// The needs taxonomy shared by requests, the quickscan and the toolbox. The shipped
/// eight are loaded on first start; administrators add and retire needs (never delete:
/// requests refer to them).
public struct NeedStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Every need in order; retired ones only when asked.
    public func all(includeRetired: Bool = false) async throws -> [Need] {
        var query = database.sql.select().column("*").from("needs")
        if !includeRetired { query = query.where("is_active", .equal, true) }
        return try await query.orderBy("position").orderBy("code").all().map(Self.decode)
    }

    public func get(_ code: NeedCode) async throws -> Need? {
        try await database.sql.select().column("*").from("needs").where("code", .equal, code.rawValue).first().map(Self.decode)
    }

    /// Adds a need at the end, or changes an existing one (names, targets, retired or not).
    public func save(_ need: Need, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let exists = try await db.select().column("code").from("needs").where("code", .equal, need.code.rawValue).first() != nil
            if exists {
                try await db.update("needs").set("name_nl", to: need.nameNL).set("name_en", to: need.nameEN)
                    .set("first_response_days", to: need.firstResponseDays).set("resolution_days", to: need.resolutionDays)
                    .set("is_active", to: need.isActive).where("code", .equal, need.code.rawValue).run()
            } else {
                let last = try await db.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "p").from("needs").first()?
                    .decode(column: "p", as: Int?.self) ?? 0
                try await Self.insert(need, position: last + 1, on: db)
            }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Loads the shipped taxonomy when the table is empty; returns how many were added.
    @discardableResult
    public func ensureShipped() async throws -> Int {
        try await database.transaction { db in
            let count = try await db.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("needs").first()?
                .decode(column: "n", as: Int.self) ?? 0
            guard count == 0 else { return 0 }
            for (index, need) in Need.shipped.enumerated() { try await Self.insert(need, position: index + 1, on: db) }
            return Need.shipped.count
        }
    }

    private static func insert(_ need: Need, position: Int, on db: any SQLDatabase) async throws {
        try await db.insert(into: "needs").columns("code", "name_nl", "name_en", "first_response_days", "resolution_days", "position", "is_active")
            .values(SQLBind(need.code.rawValue), SQLBind(need.nameNL), SQLBind(need.nameEN), SQLBind(need.firstResponseDays),
                    SQLBind(need.resolutionDays), SQLBind(position), SQLBind(need.isActive)).run()
    }

    static func decode(_ row: any SQLRow) throws -> Need {
        let text = try row.decode(column: "code", as: String.self)
        guard let code = NeedCode(text) else { throw StorageError.corruptRow(table: "needs", key: text) }
        return Need(code: code, nameNL: try row.decode(column: "name_nl", as: String.self), nameEN: try row.decode(column: "name_en", as: String.self),
                    firstResponseDays: try row.decode(column: "first_response_days", as: Int.self),
                    resolutionDays: try row.decode(column: "resolution_days", as: Int.self), isActive: try row.decode(column: "is_active", as: Bool.self))
    }
}
