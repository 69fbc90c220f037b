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

    /// What it is about, as one of the known kinds of record (nil only for a row written by a later version).
    public var subject: NoticeSubject? { NoticeSubject(rawValue: objectType) }

    public init(id: UUID, user: UUID, kind: String, objectType: String, objectID: String, number: String, title: String, createdAt: Date, readAt: Date?) {
        self.id = id
        self.user = user
        self.kind = kind
        self.objectType = objectType
        self.objectID = objectID
        self.number = number
        self.title = title
        self.createdAt = createdAt
        self.readAt = readAt
    }
}

/// A person's notifications: written with the change they report (`notify`, on the
/// change's transaction), read, counted and marked read by their owner only.
public struct NotificationStore: Sendable {
    let database: Database

    public init(database: Database) { self.database = database }

    /// Writes the notices of a change to a request for everyone in their audiences (active
    /// people only, whoever made the change left out), on the change's transaction. Each
    /// notification carries when its mail is due, by the person's preferences (`mail_due_at`:
    /// now, their next digest hour, or none); `NotificationMailService` mails it from there.
    /// The same notices go to other systems as webhook events (`WebhookStore.queue`), so
    /// no change can tell people and not systems, or the other way round.
    static func notify(_ notices: [RequestNotice], about request: SupportRequest, actor: UUID?, at now: Date, on db: any SQLDatabase) async throws {
        try await notify(notices, about: Subject(type: .request, id: request.id.uppercasedText, number: request.number, title: request.title),
                         actor: actor, at: now, on: db)
        try await WebhookStore.queue(notices.map(\.kind), about: request, at: now, on: db)
    }

    /// What a notice is about: the record's type and id, and what names it (a request's
    /// number and title; never its contents).
    struct Subject {
        let type: NoticeSubject
        let id: String
        let number: String
        let title: String
    }

    /// The notices about `subject`, as `notify(_:about:…)` for a request. With
    /// `unlessUnread`, a person who has an unread notice of the same kind is not told again
    /// (an alert that repeats while nobody has looked).
    static func notify(_ notices: [RequestNotice], about subject: Subject, actor: UUID?, at now: Date, unlessUnread: Bool = false,
                       on db: any SQLDatabase) async throws {
        // Once per person and kind: someone in two audiences of one change hears it once.
        var told: Set<String> = []
        var rows: [[any SQLExpression]] = []
        for notice in notices {
            let who: SQLQueryString
            switch notice.audience {
            case .person(let id):
                who = "u.id = \(bind: id.uppercasedText)"
            case .administrators:
                who = "u.role = \(bind: Role.administrator.rawValue)"
            case .staff(let organisation), .requester(let organisation):
                let roles: [any Encodable & Sendable] = notice.audience.roles.map { $0.rawValue }
                who = "u.organisation_id = \(bind: organisation.rawValue) AND u.role IN (\(binds: roles))"
            }
            var coalesce: SQLQueryString = ""
            if unlessUnread {
                coalesce = "AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL AND n.kind = \(bind: notice.kind.rawValue))"
            }
            let people = try await db.raw("""
                SELECT u.id, u.role, s.digest_hour, p.delivery FROM users u
                LEFT JOIN notification_settings s ON s.user_id = u.id
                LEFT JOIN notification_preferences p ON p.user_id = u.id AND p.kind = \(bind: notice.kind.rawValue)
                WHERE \(who) AND u.is_active = \(bind: true)
                \(coalesce)
                """).all()
            for row in people {
                let person = try row.decode(column: "id", as: String.self)
                guard person != actor?.uppercasedText, told.insert("\(person) \(notice.kind.rawValue)").inserted else { continue }
                let role = Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .municipalOfficial
                var preferences = NotificationPreferences(delivery: [:])
                if let hour = try row.decode(column: "digest_hour", as: Int?.self) { preferences.digestHour = hour }
                if let chosen = try row.decode(column: "delivery", as: String?.self), let delivery = MailDelivery(rawValue: chosen) {
                    preferences.delivery[notice.kind] = delivery
                }
                let mailDue = preferences.mailDue(preferences.delivery(of: notice.kind, role: role), after: now)
                rows.append([SQLBind(UUID().uppercasedText), SQLBind(person), SQLBind(notice.kind.rawValue), SQLBind(subject.type.rawValue),
                             SQLBind(subject.id), SQLBind(subject.number), SQLBind(subject.title), SQLBind(now), SQLBind(mailDue)])
            }
        }
        // One statement for everyone told (a round trip per person was most of the cost).
        for start in stride(from: 0, to: rows.count, by: 500) {
            var insert = db.insert(into: "notifications")
                .columns("id", "user_id", "kind", "object_type", "object_id", "number", "title", "created_at", "mail_due_at")
            for row in rows[start..<min(start + 500, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }

    /// A page of `user`'s notifications, newest first.
    public func list(user: UUID, page: PageRequest) async throws -> Page<StoredNotification> {
        let (rows, total) = try await CountedPage.read(
            rows: database.sql.select().column("*").from("notifications").where("user_id", .equal, user.uppercasedText)
                .orderBy("created_at", .descending).orderBy("id", .descending).limit(page.size).offset(page.offset),
            count: database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
                .where("user_id", .equal, user.uppercasedText))
        return Page(items: try rows.map(Self.decode), total: total, request: page)
    }

    /// How many of `user`'s notifications are unread.
    public func unread(user: UUID) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("user_id", .equal, user.uppercasedText).where("read_at", .is, SQLLiteral.null)
            .first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// One of `user`'s notifications; nil when it is not theirs.
    public func get(_ id: UUID, user: UUID) async throws -> StoredNotification? {
        try await database.sql.select().column("*").from("notifications").where("id", .equal, id.uppercasedText)
            .where("user_id", .equal, user.uppercasedText).first().map(Self.decode)
    }

    /// Marks one of `user`'s notifications read; nil when it is not theirs.
    public func read(_ id: UUID, user: UUID, at now: Date) async throws -> StoredNotification? {
        guard let row = try await database.sql.select().column("*").from("notifications").where("id", .equal, id.uppercasedText)
            .where("user_id", .equal, user.uppercasedText).first() else { return nil }
        try await database.sql.update("notifications").set("read_at", to: now).where("id", .equal, id.uppercasedText)
            .where("read_at", .is, SQLLiteral.null).run()
        let found = try Self.decode(row)
        guard found.readAt == nil else { return found }
        return StoredNotification(id: found.id, user: found.user, kind: found.kind, objectType: found.objectType, objectID: found.objectID,
                                  number: found.number, title: found.title, createdAt: found.createdAt, readAt: now)
    }

    /// Marks all of `user`'s notifications read.
    public func readAll(user: UUID, at now: Date) async throws {
        try await database.sql.update("notifications").set("read_at", to: now).where("user_id", .equal, user.uppercasedText)
            .where("read_at", .is, SQLLiteral.null).run()
    }

    static func decode(_ row: any SQLRow) throws -> StoredNotification {
        let id = try row.decode(column: "id", as: String.self), user = try row.decode(column: "user_id", as: String.self)
        guard let uuid = UUID(text: id), let owner = UUID(text: user) else { throw StorageError.corruptRow(table: "notifications", key: id) }
        return StoredNotification(id: uuid, user: owner, kind: try row.decode(column: "kind", as: String.self),
                                  objectType: try row.decode(column: "object_type", as: String.self),
                                  objectID: try row.decode(column: "object_id", as: String.self),
                                  number: try row.decode(column: "number", as: String.self), title: try row.decode(column: "title", as: String.self),
                                  createdAt: try row.decode(column: "created_at", as: Date.self), readAt: try row.decode(column: "read_at", as: Date?.self))
    }
}

/// A person's notifications whose mail is due, with what the mail needs: the address and
/// the language. Never more of the record than its number and title.
public struct DueNotificationMail: Sendable, Equatable {
    public let user: UUID
    public let email: String
    /// How the person is addressed (a calendar invitation names its attendee).
    public let name: String
    public let language: String
    public let notifications: [StoredNotification]
}

extension NotificationStore {
    /// Whose notification mail is due at `now`, each person's notifications oldest first
    /// (active people only). Mail due before `cutoff` is not sent (see `letGoStaleMail`).
    public func dueMail(at now: Date, cutoff: Date, limit: Int = 500) async throws -> [DueNotificationMail] {
        let rows = try await database.sql.raw("""
            SELECT n.*, u.email, u.name AS user_name, s.language FROM notifications n
            JOIN users u ON u.id = n.user_id
            LEFT JOIN notification_settings s ON s.user_id = n.user_id
            WHERE n.mailed_at IS NULL AND n.mail_due_at IS NOT NULL AND n.mail_due_at <= \(bind: now) AND n.mail_due_at > \(bind: cutoff)
              AND u.is_active = \(bind: true)
            ORDER BY n.user_id, n.created_at, n.id LIMIT \(literal: limit)
            """).all()
        var result: [DueNotificationMail] = []
        for row in rows {
            let notification = try Self.decode(row)
            if let last = result.last, last.user == notification.user {
                result[result.count - 1] = DueNotificationMail(user: last.user, email: last.email, name: last.name, language: last.language,
                                                               notifications: last.notifications + [notification])
            } else {
                result.append(DueNotificationMail(user: notification.user, email: try row.decode(column: "email", as: String.self),
                                                  name: try row.decode(column: "user_name", as: String.self),
                                                  language: try row.decode(column: "language", as: String?.self) ?? "nl", notifications: [notification]))
            }
        }
        return result
    }

    /// Mail that was due before `cutoff` and never went out (no mail server then, or a long
    /// outage) is let go: the notices stay in the application, no late mail floods anyone.
    @discardableResult
    public func letGoStaleMail(before cutoff: Date) async throws -> Int {
        try await database.sql.update("notifications").set("mail_due_at", to: SQLLiteral.null)
            .where("mailed_at", .is, SQLLiteral.null).where("mail_due_at", .lessThanOrEqual, cutoff).returning("id").all().count
    }

    /// Puts one mail for `notifications` in the outbox and marks them mailed, in one
    /// transaction. Only the notifications this caller marks (another sender may have taken
    /// some since they were read) go into the mail `compose` makes of them; false when none.
    /// A mail `compose` leaves out (nil: nothing to say any more) marks them mailed all the same.
    public func mail(_ notifications: [StoredNotification], at now: Date, outbox: MailOutboxStore,
                     compose: @escaping @Sendable ([StoredNotification]) throws -> OutgoingMail?) async throws -> Bool {
        guard !notifications.isEmpty else { return false }
        return try await database.transaction { db in
            let claimed = Set(try await db.update("notifications").set("mailed_at", to: now)
                .where("id", .in, SQLBind.group(notifications.map(\.id.uppercasedText))).where("mailed_at", .is, SQLLiteral.null)
                .returning("id").all().compactMap { UUID(text: try $0.decode(column: "id", as: String.self)) })
            let mine = notifications.filter { claimed.contains($0.id) }
            guard !mine.isEmpty, let mail = try compose(mine) else { return false }
            try await outbox.enqueue(mail, at: now, on: db)
            return true
        }
    }
}

extension NotificationStore {
    /// `user`'s choices for notification mail; what they have not chosen is absent (the
    /// role's default applies).
    public func preferences(user: UUID) async throws -> NotificationPreferences {
        let settings = try await database.sql.select().column("*").from("notification_settings").where("user_id", .equal, user.uppercasedText).first()
        var delivery: [RequestNotice.Kind: MailDelivery] = [:]
        for row in try await database.sql.select().column("kind").column("delivery").from("notification_preferences")
            .where("user_id", .equal, user.uppercasedText).all() {
            if let kind = RequestNotice.Kind(rawValue: try row.decode(column: "kind", as: String.self)),
               let choice = MailDelivery(rawValue: try row.decode(column: "delivery", as: String.self)) { delivery[kind] = choice }
        }
        return NotificationPreferences(delivery: delivery,
                                       digestHour: try settings?.decode(column: "digest_hour", as: Int.self) ?? NotificationPreferences.defaultDigestHour,
                                       language: try settings?.decode(column: "language", as: String.self) ?? "nl")
    }

    /// Stores `user`'s choices, and moves the mail of their notifications not yet mailed to
    /// what they chose now (a kind turned off sends nothing more; a digest waits for its hour).
    public func savePreferences(_ preferences: NotificationPreferences, user: UUID, role: Role, at now: Date) async throws {
        try await database.transaction { db in
            try await db.delete(from: "notification_settings").where("user_id", .equal, user.uppercasedText).run()
            try await db.insert(into: "notification_settings").columns("user_id", "digest_hour", "language", "updated_at")
                .values(SQLBind(user.uppercasedText), SQLBind(preferences.digestHour), SQLBind(preferences.language), SQLBind(now)).run()
            try await db.delete(from: "notification_preferences").where("user_id", .equal, user.uppercasedText).run()
            for (kind, delivery) in preferences.delivery.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                try await db.insert(into: "notification_preferences").columns("user_id", "kind", "delivery")
                    .values(SQLBind(user.uppercasedText), SQLBind(kind.rawValue), SQLBind(delivery.rawValue)).run()
            }
            for kind in RequestNotice.Kind.allCases {
                try await db.update("notifications").set("mail_due_at", to: SQLBind(preferences.mailDue(preferences.delivery(of: kind, role: role), after: now)))
                    .where("user_id", .equal, user.uppercasedText).where("kind", .equal, kind.rawValue)
                    .where("mailed_at", .is, SQLLiteral.null).where("mail_due_at", .isNot, SQLLiteral.null).run()
            }
        }
    }
}
