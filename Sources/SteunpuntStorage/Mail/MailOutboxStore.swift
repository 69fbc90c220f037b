import Foundation
import SQLKit
import SteunpuntDomain

/// A message waiting in the outbox, or sent, or given up on.
public struct OutboxMail: Sendable, Equatable {
    public let id: UUID
    public let purpose: String
    public let recipient: String
    public let subject: String
    /// The body; empty once sent (it may hold a secret link), as is the calendar.
    public let body: String
    public let createdAt: Date
    public let attempts: Int
    /// When it is (next) tried.
    public let nextAttemptAt: Date
    public let sentAt: Date?
    public let failedAt: Date?
    public let lastError: String?
    /// Where the recipient turns this kind of mail off (`List-Unsubscribe`), for notification mail.
    public let listUnsubscribe: String?
    /// A calendar invitation sent with the body; nil once sent (as the body is emptied).
    public let calendar: MailCalendar?
}

/// A calendar sent with a mail (RFC 6047): the iCalendar text and its iTIP method
/// (`REQUEST`, `CANCEL`).
public struct MailCalendar: Sendable, Equatable {
    public let method: String
    public let text: String

    public init(method: String, text: String) {
        self.method = method
        self.text = text
    }
}

/// A message to put in the outbox.
public struct OutgoingMail: Sendable, Equatable {
    public var purpose: String
    public var recipient: String
    public var subject: String
    public var body: String
    public var listUnsubscribe: String?
    public var calendar: MailCalendar?

    public init(purpose: String, recipient: String, subject: String, body: String, listUnsubscribe: String? = nil, calendar: MailCalendar? = nil) {
        self.purpose = purpose
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.listUnsubscribe = listUnsubscribe
        self.calendar = calendar
    }
}

/// The outbox: mail is stored in the same transaction as the change it reports (an
/// invitation and its mail together or not at all), then handed to the mail server by a
/// background service, with retries. Bodies are encrypted at rest and erased once sent;
/// sent and failed entries are removed after `retention`.
public struct MailOutboxStore: Sendable {
    let database: Database
    let box: SecretBox

    public init(database: Database, box: SecretBox) {
        self.database = database
        self.box = box
    }

    /// Adds a message, on `db` when given (the caller's transaction).
    public func enqueue(_ mail: OutgoingMail, id: UUID = UUID(), at now: Date, on db: (any SQLDatabase)? = nil) async throws {
        try await (db ?? database.sql).insert(into: "mail_outbox")
            .columns("id", "purpose", "recipient", "subject", "body", "created_at", "next_attempt_at", "attempts", "list_unsubscribe",
                     "calendar", "calendar_method")
            .values(SQLBind(id.uppercasedText), SQLBind(mail.purpose), SQLBind(mail.recipient), SQLBind(mail.subject),
                    SQLBind(try box.seal(mail.body)), SQLBind(now), SQLBind(now), SQLBind(0), SQLBind(mail.listUnsubscribe),
                    SQLBind(try mail.calendar.map { try box.seal($0.text) } ?? ""), SQLBind(mail.calendar?.method))
            .run()
    }

    /// Messages due for (another) attempt at `now`, oldest first.
    public func due(at now: Date, limit: Int = 20) async throws -> [OutboxMail] {
        try await database.sql.select().column("*").from("mail_outbox")
            .where("sent_at", .is, SQLLiteral.null).where("failed_at", .is, SQLLiteral.null)
            .where("next_attempt_at", .lessThanOrEqual, now)
            .orderBy("created_at").orderBy("id").limit(limit).all().map(decode)
    }

    /// Takes a due message for sending, until `leaseEnd`: true for exactly one of several
    /// senders that try at once (two instances, or two loops of one), so a message is sent
    /// once. A sender that stops before it marks the message sent or failed leaves it to be
    /// taken again when the lease ends: nothing is lost, at worst sent twice after a crash.
    public func claim(_ id: UUID, at now: Date, leaseEnd: Date) async throws -> Bool {
        try await database.sql.update("mail_outbox").set("next_attempt_at", to: leaseEnd)
            .where("id", .equal, id.uppercasedText).where("sent_at", .is, SQLLiteral.null).where("failed_at", .is, SQLLiteral.null)
            .where("next_attempt_at", .lessThanOrEqual, now)
            .returning("id").all().count == 1
    }

    public func get(_ id: UUID) async throws -> OutboxMail? {
        try await database.sql.select().column("*").from("mail_outbox").where("id", .equal, id.uppercasedText).first().map(decode)
    }

    /// Every message to `recipient`, newest first (for tests and the administrator's view).
    public func list(recipient: String) async throws -> [OutboxMail] {
        try await database.sql.select().column("*").from("mail_outbox").where("recipient", .equal, recipient)
            .orderBy("created_at", .descending).orderBy("id", .descending).all().map(decode)
    }

    public func markSent(_ id: UUID, at now: Date) async throws {
        try await database.sql.update("mail_outbox").set("sent_at", to: now).set("body", to: "").set("calendar", to: "")
            .set("attempts", to: SQLRaw("attempts + 1")).set("last_error", to: SQLLiteral.null)
            .where("id", .equal, id.uppercasedText).run()
    }

    /// Records a failed attempt: tried again at `retryAt`, or given up (`retryAt` nil). A
    /// message given up keeps its (encrypted) body, so an administrator can send it again
    /// (`redeliver`) until it is purged, and the administrators are told, in the same
    /// transaction (one unread alert at a time: not one per message while nobody looks).
    public func markFailed(_ id: UUID, error: String, retryAt: Date?, at now: Date) async throws {
        try await database.transaction { db in
            var update = db.update("mail_outbox").set("attempts", to: SQLRaw("attempts + 1")).set("last_error", to: String(error.prefix(500)))
            if let retryAt { update = update.set("next_attempt_at", to: retryAt) } else { update = update.set("failed_at", to: now) }
            let rows = try await update.where("id", .equal, id.uppercasedText).returning("subject").all()
            guard retryAt == nil, let subject = try rows.first?.decode(column: "subject", as: String.self) else { return }
            try await NotificationStore.notify([RequestNotice(.mailUndelivered, .administrators)],
                                               about: .init(type: .mail, id: id.uppercasedText, number: "Mail", title: subject),
                                               actor: nil, at: now, unlessUnread: true, on: db)
        }
    }

    /// Messages not delivered: given up, or still being tried after a failure; newest first.
    public func undelivered(limit: Int = 200) async throws -> [OutboxMail] {
        try await database.sql.select().column("*").from("mail_outbox").where("sent_at", .is, SQLLiteral.null)
            .where(group: { $0.where("failed_at", .isNot, SQLLiteral.null).orWhere("attempts", .greaterThan, 0) })
            .orderBy("created_at", .descending).orderBy("id", .descending).limit(limit).all().map(decode)
    }

    /// How many messages wait to be sent (retried ones among them) and how many were given up.
    public func depth() async throws -> (waiting: Int, givenUp: Int) {
        let row = try await database.sql.raw("""
            SELECT COUNT(CASE WHEN failed_at IS NULL THEN 1 END) AS waiting, COUNT(failed_at) AS given_up
            FROM mail_outbox WHERE sent_at IS NULL
            """).first()
        return (try row?.decode(column: "waiting", as: Int.self) ?? 0, try row?.decode(column: "given_up", as: Int.self) ?? 0)
    }

    /// Puts a message given up back in line, to be sent at once; false when it is not a
    /// given-up message (sent, still being tried, purged).
    public func redeliver(_ id: UUID, at now: Date) async throws -> Bool {
        try await database.sql.update("mail_outbox").set("failed_at", to: SQLLiteral.null).set("next_attempt_at", to: now)
            .set("attempts", to: 0).set("last_error", to: SQLLiteral.null)
            .where("id", .equal, id.uppercasedText).where("failed_at", .isNot, SQLLiteral.null).where("sent_at", .is, SQLLiteral.null)
            .returning("id").all().count == 1
    }

    /// Removes sent and failed entries older than `retention`; returns how many.
    @discardableResult
    public func purge(olderThan retention: TimeInterval, at now: Date) async throws -> Int {
        let cutoff = now.addingTimeInterval(-retention)
        return try await database.sql.delete(from: "mail_outbox")
            .where(group: { $0.where("sent_at", .lessThan, cutoff).orWhere("failed_at", .lessThan, cutoff) })
            .returning("id").all().count
    }

    private func decode(_ row: any SQLRow) throws -> OutboxMail {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: idText) else { throw StorageError.corruptRow(table: "mail_outbox", key: idText) }
        let stored = try row.decode(column: "body", as: String.self)
        return OutboxMail(id: id, purpose: try row.decode(column: "purpose", as: String.self),
                          recipient: try row.decode(column: "recipient", as: String.self),
                          subject: try row.decode(column: "subject", as: String.self),
                          body: stored.isEmpty ? "" : try box.open(stored),
                          createdAt: try row.decode(column: "created_at", as: Date.self),
                          attempts: try row.decode(column: "attempts", as: Int.self),
                          nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date.self),
                          sentAt: try row.decode(column: "sent_at", as: Date?.self),
                          failedAt: try row.decode(column: "failed_at", as: Date?.self),
                          lastError: try row.decode(column: "last_error", as: String?.self),
                          listUnsubscribe: try row.decode(column: "list_unsubscribe", as: String?.self),
                          calendar: try calendar(row))
    }

    private func calendar(_ row: any SQLRow) throws -> MailCalendar? {
        let stored = try row.decode(column: "calendar", as: String.self)
        guard !stored.isEmpty, let method = try row.decode(column: "calendar_method", as: String?.self) else { return nil }
        return MailCalendar(method: method, text: try box.open(stored))
    }
}
