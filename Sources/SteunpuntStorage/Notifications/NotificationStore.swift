import Foundation
import SQLKit
import SteunpuntDomain

/// One thing a person is told: what happened (`kind`) to which record, and whether they
/// have seen it.
public struct StoredNotification: Sendable, Equatable {
    public let id: UUID
    public let user: UUID
    public let kind: String
    public let objectType: String
    public let objectID: String
    public let number: String
    public let title: String
    public let createdAt: Date
    public let readAt: Date?
}

/// A person's notifications: written with the change they report (`notify`, on the
/// change's transaction), read, counted and marked read by their owner only.
public struct NotificationStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Writes the notices of a change to a request for everyone in their audiences (active
    /// people only, whoever made the change left out), on the change's transaction.
    static func notify(_ notices: [RequestNotice], about request: SupportRequest, actor: UUID, at now: Date, on db: any SQLDatabase) async throws {
        var told: Set<String> = [actor.uuidString]
        for notice in notices {
            var people: [String] = []
            switch notice.audience {
            case .person(let id):
                people = try await db.select().column("id").from("users").where("id", .equal, id.uuidString).where("is_active", .equal, true)
                    .all().map { try $0.decode(column: "id", as: String.self) }
            case .staff(let organisation), .requester(let organisation):
                people = try await db.select().column("id").from("users").where("organisation_id", .equal, organisation.rawValue)
                    .where("role", .in, notice.audience.roles.map(\.rawValue)).where("is_active", .equal, true)
                    .all().map { try $0.decode(column: "id", as: String.self) }
            }
            for person in people where !told.contains(person) {
                told.insert(person)
                try await db.insert(into: "notifications")
                    .columns("id", "user_id", "kind", "object_type", "object_id", "number", "title", "created_at")
                    .values(SQLBind(UUID().uuidString), SQLBind(person), SQLBind(notice.kind.rawValue), SQLBind("request"),
                            SQLBind(request.id.uuidString), SQLBind(request.number), SQLBind(request.title), SQLBind(now))
                    .run()
            }
        }
    }

    /// A page of `user`'s notifications, newest first.
    public func list(user: UUID, page: PageRequest) async throws -> Page<StoredNotification> {
        let total = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("user_id", .equal, user.uuidString).first()?.decode(column: "n", as: Int.self) ?? 0
        let rows = try await database.sql.select().column("*").from("notifications").where("user_id", .equal, user.uuidString)
            .orderBy("created_at", .descending).orderBy("id", .descending).limit(page.size).offset(page.offset).all()
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// How many of `user`'s notifications are unread.
    public func unread(user: UUID) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("user_id", .equal, user.uuidString).where("read_at", .is, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// Marks one of `user`'s notifications read; nil when it is not theirs.
    public func read(_ id: UUID, user: UUID, at now: Date) async throws -> StoredNotification? {
        guard let row = try await database.sql.select().column("*").from("notifications").where("id", .equal, id.uuidString)
            .where("user_id", .equal, user.uuidString).first() else { return nil }
        try await database.sql.update("notifications").set("read_at", to: now).where("id", .equal, id.uuidString)
            .where("read_at", .is, SQLLiteral.null).run()
        return try Self.decode(row)
    }

    /// Marks all of `user`'s notifications read.
    public func readAll(user: UUID, at now: Date) async throws {
        try await database.sql.update("notifications").set("read_at", to: now).where("user_id", .equal, user.uuidString)
            .where("read_at", .is, SQLLiteral.null).run()
    }

    static func decode(_ row: any SQLRow) throws -> StoredNotification {
        let id = try row.decode(column: "id", as: String.self), user = try row.decode(column: "user_id", as: String.self)
        guard let uuid = UUID(uuidString: id), let owner = UUID(uuidString: user) else { throw StorageError.corruptRow(table: "notifications", key: id) }
        return StoredNotification(id: uuid, user: owner, kind: try row.decode(column: "kind", as: String.self),
                                  objectType: try row.decode(column: "object_type", as: String.self),
                                  objectID: try row.decode(column: "object_id", as: String.self),
                                  number: try row.decode(column: "number", as: String.self), title: try row.decode(column: "title", as: String.self),
                                  createdAt: try row.decode(column: "created_at", as: Date.self), readAt: try row.decode(column: "read_at", as: Date?.self))
    }
}
