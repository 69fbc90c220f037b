import Foundation
import SQLKit
import SteunpuntDomain

/// The ordered routing rules (migration 0010).
public struct RoutingRuleStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    public func all() async throws -> [RoutingRule] {
        try await database.sql.select().column("*").from("routing_rules").orderBy("position").all().map(Self.decode)
    }

    /// Adds a rule at the end. Checks that the need and target exist.
    public func add(need: NeedCode?, channel: RequestChannel?, requesterKind: OrganisationKind?, target: OrganisationID, id: UUID,
                    audit: AuditEvent? = nil) async throws -> RoutingRule {
        let engine = database.engine
        return try await database.transaction { db in
            var v = Validator()
            if let need { v.check(try await db.select().column("code").from("needs").where("code", .equal, need.rawValue).first() != nil, "behoefte", "unknown_need") }
            v.check(try await db.select().column("id").from("organisations").where("id", .equal, target.rawValue).first() != nil, "naar", "unknown_organisation")
            try v.finish()
            let last = try await db.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "p").from("routing_rules").first()?
                .decode(column: "p", as: Int?.self) ?? 0
            let rule = RoutingRule(id: id, position: last + 1, need: need, channel: channel, requesterKind: requesterKind, target: target)
            try await db.insert(into: "routing_rules").columns("id", "position", "need_code", "channel", "requester_kind", "target_id", "is_active")
                .values(SQLBind(id.uppercasedText), SQLBind(rule.position), SQLBind(need?.rawValue), SQLBind(channel?.rawValue),
                        SQLBind(requesterKind?.rawValue), SQLBind(target.rawValue), SQLBind(true)).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
            return rule
        }
    }

    public func delete(_ id: UUID, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let rows = try await db.delete(from: "routing_rules").where("id", .equal, id.uppercasedText).returning("id").all()
            guard !rows.isEmpty else { throw DomainError.notFound }
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    /// Moves a rule one place up (earlier) or down, swapping with its neighbour.
    public func move(_ id: UUID, up: Bool, audit: AuditEvent? = nil) async throws {
        let engine = database.engine
        try await database.transaction { db in
            let rules = try await db.select().column("*").from("routing_rules").orderBy("position").all().map(Self.decode)
            guard let index = rules.firstIndex(where: { $0.id == id }) else { throw DomainError.notFound }
            let other = up ? index - 1 : index + 1
            guard rules.indices.contains(other) else { return }
            try await db.update("routing_rules").set("position", to: rules[other].position).where("id", .equal, rules[index].id.uppercasedText).run()
            try await db.update("routing_rules").set("position", to: rules[index].position).where("id", .equal, rules[other].id.uppercasedText).run()
            if let audit { try await AuditStore.append(audit, on: db, engine: engine) }
        }
    }

    static func decode(_ row: any SQLRow) throws -> RoutingRule {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: idText), let target = OrganisationID(try row.decode(column: "target_id", as: String.self)) else {
            throw StorageError.corruptRow(table: "routing_rules", key: idText)
        }
        return RoutingRule(id: id, position: try row.decode(column: "position", as: Int.self),
                           need: try row.decode(column: "need_code", as: String?.self).flatMap(NeedCode.init),
                           channel: try row.decode(column: "channel", as: String?.self).flatMap(RequestChannel.init(rawValue:)),
                           requesterKind: try row.decode(column: "requester_kind", as: String?.self).flatMap(OrganisationKind.init(rawValue:)),
                           target: target, isActive: try row.decode(column: "is_active", as: Bool.self))
    }
}
