import Foundation
import SQLKit
import SteunpuntDomain

/// Reading and writing `circles` and `circle_members` rows, and what a transaction does
/// with them. Needs are stored as words separated by spaces.
extension CircleStore {
    static func decode(_ row: any SQLRow) throws -> Circle {
        let key = try row.decode(column: "id", as: String.self)
        func value<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "circles", key: key) }
            return value
        }
        let needs = try row.decode(column: "needs", as: String.self).split(separator: " ").map { word in
            guard let need = NeedCode(String(word)) else { throw StorageError.corruptRow(table: "circles", key: key) }
            return need
        }
        return Circle(id: try value("id", UUID.init(text:)), title: try row.decode(column: "title", as: String.self),
                      description: try row.decode(column: "description", as: String.self), needs: needs,
                      status: try value("status", CircleStatus.init(rawValue:)), version: try row.decode(column: "version", as: Int.self),
                      createdBy: try value("created_by", UUID.init(text:)), createdAt: try row.decode(column: "created_at", as: Date.self),
                      updatedAt: try row.decode(column: "updated_at", as: Date.self))
    }

    static func decodeMembership(_ row: any SQLRow) throws -> Membership {
        let key = try row.decode(column: "circle_id", as: String.self)
        func value<T>(_ column: String, _ make: (String) -> T?) throws -> T {
            guard let value = make(try row.decode(column: column, as: String.self)) else { throw StorageError.corruptRow(table: "circle_members", key: key) }
            return value
        }
        func person(_ column: String) throws -> UUID? { try row.decodeNil(column: column) ? nil : try value(column, UUID.init(text:)) }
        return Membership(circle: try value("circle_id", UUID.init(text:)), organisation: try value("organisation_id", OrganisationID.init),
                          state: try value("state", MembershipState.init(rawValue:)), motivation: try row.decode(column: "motivation", as: String.self),
                          requestedBy: try person("requested_by"), decidedBy: try person("decided_by"),
                          decidedAt: try row.decodeNil(column: "decided_at") ? nil : try row.decode(column: "decided_at", as: Date.self),
                          reason: try row.decode(column: "reason", as: String.self), createdAt: try row.decode(column: "created_at", as: Date.self),
                          changedAt: try row.decode(column: "changed_at", as: Date.self))
    }

    /// Reads the circle and locks its row for the rest of the transaction (PostgreSQL; on
    /// SQLite the transaction holds the write lock already).
    static func lock(_ id: UUID, on db: any SQLDatabase, engine: Engine) async throws -> Circle? {
        var select = db.select().column("*").from("circles").where("id", .equal, id.uppercasedText)
        if engine == .postgres { select = select.for(.update) }
        return try await select.first().map(decode)
    }

    static func membership(of organisation: OrganisationID, in circle: UUID, on db: any SQLDatabase) async throws -> Membership? {
        try await db.select().column("*").from("circle_members").where("circle_id", .equal, circle.uppercasedText)
            .where("organisation_id", .equal, organisation.rawValue).first().map(decodeMembership)
    }

    static func save(_ m: Membership, replacing: Bool, on db: any SQLDatabase) async throws {
        func person(_ id: UUID?) -> any SQLExpression { id.map { SQLBind($0.uppercasedText) } ?? SQLLiteral.null }
        if replacing {
            try await db.update("circle_members").set("state", to: m.state.rawValue).set("motivation", to: m.motivation)
                .set("requested_by", to: person(m.requestedBy)).set("decided_by", to: person(m.decidedBy))
                .set("decided_at", to: m.decidedAt.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null)
                .set("reason", to: m.reason).set("changed_at", to: m.changedAt)
                .where("circle_id", .equal, m.circle.uppercasedText).where("organisation_id", .equal, m.organisation.rawValue).run()
        } else {
            try await db.insert(into: "circle_members")
                .columns("circle_id", "organisation_id", "state", "motivation", "requested_by", "decided_by", "decided_at", "reason", "created_at", "changed_at")
                .values(SQLBind(m.circle.uppercasedText), SQLBind(m.organisation.rawValue), SQLBind(m.state.rawValue), SQLBind(m.motivation),
                        person(m.requestedBy), person(m.decidedBy), m.decidedAt.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null,
                        SQLBind(m.reason), SQLBind(m.createdAt), SQLBind(m.changedAt)).run()
        }
    }

    /// Invites each of `organisations` not already asked, invited or a member, and tells
    /// its officials. Returns those invited.
    @discardableResult
    static func invite(_ organisations: [OrganisationID], to circle: Circle, by user: UUID, at now: Date, on db: any SQLDatabase) async throws -> [OrganisationID] {
        var invited: [OrganisationID] = []
        for organisation in organisations where !invited.contains(organisation) {
            let current = try await membership(of: organisation, in: circle.id, on: db)
            if let current, !current.state.isOpenToAsk { continue }
            try await save(Membership(circle: circle.id, organisation: organisation, state: .invited, requestedBy: user,
                                      createdAt: current?.createdAt ?? now, changedAt: now), replacing: current != nil, on: db)
            invited.append(organisation)
        }
        let notices = invited.map { RequestNotice(.circleInvitation, .requester($0)) }
        if !notices.isEmpty { try await NotificationStore.notify(notices, about: subject(of: circle), actor: user, at: now, on: db) }
        return invited
    }

    /// What a notice about a circle names: its title.
    static func subject(of circle: Circle) -> NotificationStore.Subject {
        NotificationStore.Subject(type: .circle, id: circle.id.uppercasedText, number: "", title: circle.title)
    }
}
