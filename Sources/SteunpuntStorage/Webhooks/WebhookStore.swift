import Foundation
import SQLKit
import SteunpuntDomain

/// A webhook subscription: whose it is, where events go, which types and municipalities.
/// The `Authorization` value and the signing secret are stored encrypted and read only by
/// the delivery (`credentials`), never shown again.
public struct WebhookSubscription: Sendable, Equatable {
    public enum Status: String, Sendable { case active = "actief", ended = "beeindigd" }

    public let id: UUID
    public let organisation: OrganisationID
    public let callback: URL
    public let types: [String]
    public let municipalities: [MunicipalityCode]
    public let status: Status
    public let createdBy: UUID
    public let createdAt: Date
    public let endedAt: Date?
    public let endReason: String?
}

/// One event on its way to one subscription: the event's identifiers (its body is composed
/// from them, the same on every attempt), the attempts and the last answer.
public struct WebhookDelivery: Sendable, Equatable {
    public let id: UUID
    public let subscription: UUID
    public let eventID: String
    public let eventType: String
    public let subject: String
    public let objectID: String
    public let data: [String: String]
    public let occurredAt: Date
    public let nextAttemptAt: Date
    public let attempts: Int
    public let deliveredAt: Date?
    public let failedAt: Date?
    public let lastStatus: Int?
    public let lastError: String?
}

/// Webhook subscriptions and their deliveries. A change to a request queues a delivery for
/// every active subscription that asked for its event type, whose organisation may see the
/// request (a party to it, or its requester) and whose municipality filter it passes, in
/// the change's own transaction (`NotificationStore.notify` calls `queue`): nothing is lost
/// on a crash, and no event reaches an organisation that may not see the request.
public struct WebhookStore: Sendable {
    let database: Database
    let box: SecretBox

    public init(database: Database, box: SecretBox) {
        self.database = database
        self.box = box
    }

    /// Stores a subscription (its secret and `Authorization` value encrypted).
    public func create(_ valid: WebhookSubscriptionDraft.Valid, secret: String, id: UUID, by user: UUID, at now: Date) async throws -> WebhookSubscription {
        let organisation = valid.organisation
        try await database.sql.insert(into: "webhook_subscriptions")
            .columns("id", "organisation_id", "callback_url", "event_types", "municipalities", "authorization_value", "secret", "status",
                     "created_by", "created_at")
            .values(SQLBind(id.uppercasedText), SQLBind(organisation.rawValue), SQLBind(valid.callback.absoluteString),
                    SQLBind(valid.types.joined(separator: " ")), SQLBind(valid.municipalities.map(\.rawValue).joined(separator: " ")),
                    SQLBind(try box.seal(valid.authorization ?? "")), SQLBind(try box.seal(secret)),
                    SQLBind(WebhookSubscription.Status.active.rawValue), SQLBind(user.uppercasedText), SQLBind(now))
            .run()
        return WebhookSubscription(id: id, organisation: organisation, callback: valid.callback, types: valid.types,
                                   municipalities: valid.municipalities, status: .active, createdBy: user, createdAt: now, endedAt: nil, endReason: nil)
    }

    /// One subscription, within `organisation` when given (an organisation's own).
    public func get(_ id: UUID, organisation: OrganisationID? = nil) async throws -> WebhookSubscription? {
        var query = database.sql.select().column("*").from("webhook_subscriptions").where("id", .equal, id.uppercasedText)
        if let organisation { query = query.where("organisation_id", .equal, organisation.rawValue) }
        return try await query.first().map(Self.decode)
    }

    /// Subscriptions, newest first; an organisation's own when `organisation` is given.
    public func list(organisation: OrganisationID? = nil) async throws -> [WebhookSubscription] {
        var query = database.sql.select().column("*").from("webhook_subscriptions")
        if let organisation { query = query.where("organisation_id", .equal, organisation.rawValue) }
        return try await query.orderBy("created_at", .descending).orderBy("id", .descending).all().map(Self.decode)
    }

    /// Where and how to deliver: the callback, the `Authorization` value (nil for none) and the signing secret.
    public func credentials(_ id: UUID) async throws -> (callback: URL, authorization: String?, secret: String)? {
        guard let row = try await database.sql.select().columns("callback_url", "authorization_value", "secret").from("webhook_subscriptions")
            .where("id", .equal, id.uppercasedText).first(),
              let callback = URL(string: try row.decode(column: "callback_url", as: String.self)) else { return nil }
        let authorization = try box.open(try row.decode(column: "authorization_value", as: String.self))
        return (callback, authorization.isEmpty ? nil : authorization, try box.open(try row.decode(column: "secret", as: String.self)))
    }

    /// Ends a subscription (its owner, or the receiver answering 410 Gone): nothing more is
    /// queued for it and what waits is not sent. When the receiver ended it
    /// (`byReceiver`), the administrators are told in the same transaction. False when it
    /// had ended already.
    public func end(_ id: UUID, reason: String, byReceiver: Bool = false, at now: Date) async throws -> Bool {
        try await database.transaction { db in
            let ended = try await db.update("webhook_subscriptions").set("status", to: WebhookSubscription.Status.ended.rawValue)
                .set("ended_at", to: now).set("end_reason", to: String(reason.prefix(200)))
                .where("id", .equal, id.uppercasedText).where("status", .equal, WebhookSubscription.Status.active.rawValue).returning("callback_url").all()
            guard let callback = try ended.first?.decode(column: "callback_url", as: String.self) else { return false }
            try await db.update("webhook_deliveries").set("failed_at", to: now).set("last_error", to: "subscription ended")
                .where("subscription_id", .equal, id.uppercasedText).where("delivered_at", .is, SQLLiteral.null).where("failed_at", .is, SQLLiteral.null).run()
            if byReceiver { try await Self.alert(subscription: id, callback: callback, at: now, on: db) }
            return true
        }
    }

    /// Tells the administrators that events for a subscription did not arrive: one unread
    /// alert at a time (not one per event while nobody looks), naming the receiver's host.
    static func alert(subscription id: UUID, callback: String, at now: Date, on db: any SQLDatabase) async throws {
        try await NotificationStore.notify([RequestNotice(.webhookUndelivered, .administrators)],
                                           about: .init(type: .webhook, id: id.uppercasedText, number: "Webhook",
                                                        title: URL(string: callback)?.host ?? callback),
                                           actor: nil, at: now, unlessUnread: true, on: db)
    }

    /// Queues the events of a change to `request` (one per kind of notice it gave) for the
    /// subscriptions that may and want to receive them, on the change's transaction.
    static func queue(_ kinds: [RequestNotice.Kind], about request: SupportRequest, at now: Date, on db: any SQLDatabase) async throws {
        let types = Dictionary(kinds.compactMap { kind in WebhookEvent.type(of: kind).map { ($0, kind) } }, uniquingKeysWith: { first, _ in first })
        guard !types.isEmpty else { return }
        // One query: the active subscriptions of the organisations that may see the request
        // (its requester and its parties); types and municipalities are filtered below.
        let subscriptions = try await db.select().columns("id", "event_types", "municipalities").from("webhook_subscriptions")
            .where("status", .equal, WebhookSubscription.Status.active.rawValue)
            .where(group: {
                $0.where("organisation_id", .equal, request.requester.rawValue)
                    .orWhere("organisation_id", .in, SQLGroupExpression(SQLQueryString("SELECT organisation_id FROM request_parties WHERE request_id = \(bind: request.id.uppercasedText)")))
            })
            .all()
        guard !subscriptions.isEmpty else { return }
        let data = try String(decoding: JSONEncoder.sorted.encode(WebhookEvent.data(of: request)), as: UTF8.self)
        var rows: [[any SQLExpression]] = []
        for type in types.keys.sorted() {
            let eventID = UUID().lowercasedText
            for subscription in subscriptions {
                let wanted = try subscription.decode(column: "event_types", as: String.self).split(separator: " ").map(String.init)
                let municipalities = try subscription.decode(column: "municipalities", as: String.self).split(separator: " ").map(String.init)
                guard wanted.contains(type),
                      municipalities.isEmpty || municipalities.contains(request.municipality.rawValue) else { continue }
                rows.append([SQLBind(UUID().uppercasedText), SQLBind(try subscription.decode(column: "id", as: String.self)), SQLBind(eventID),
                             SQLBind(type), SQLBind(request.number), SQLBind(request.id.lowercasedText), SQLBind(data), SQLBind(now),
                             SQLBind(now), SQLBind(0)])
            }
        }
        guard !rows.isEmpty else { return }
        var insert = db.insert(into: "webhook_deliveries")
            .columns("id", "subscription_id", "event_id", "event_type", "subject", "object_id", "data", "occurred_at", "next_attempt_at", "attempts")
        for row in rows { insert = insert.values(row) }
        try await insert.run()
    }

    /// Deliveries due at `now` to active subscriptions, oldest first.
    public func due(at now: Date, limit: Int = 50) async throws -> [WebhookDelivery] {
        try await database.sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("d"))).from(SQLAlias(SQLIdentifier("webhook_deliveries"), as: SQLIdentifier("d")))
            .join(SQLAlias(SQLIdentifier("webhook_subscriptions"), as: SQLIdentifier("s")), on: SQLColumn("id", table: "s"), .equal, SQLColumn("subscription_id", table: "d"))
            .where(SQLColumn("delivered_at", table: "d"), .is, SQLLiteral.null).where(SQLColumn("failed_at", table: "d"), .is, SQLLiteral.null)
            .where(SQLColumn("next_attempt_at", table: "d"), .lessThanOrEqual, SQLBind(now))
            .where(SQLColumn("status", table: "s"), .equal, SQLBind(WebhookSubscription.Status.active.rawValue))
            .orderBy(SQLColumn("occurred_at", table: "d")).orderBy(SQLColumn("id", table: "d")).limit(limit).all().map(Self.decodeDelivery)
    }

    /// Takes a due delivery for one attempt, until `leaseEnd`: true for exactly one of
    /// several senders (instances) that try at once.
    public func claim(_ id: UUID, at now: Date, leaseEnd: Date) async throws -> Bool {
        try await database.sql.update("webhook_deliveries").set("next_attempt_at", to: leaseEnd)
            .where("id", .equal, id.uppercasedText).where("delivered_at", .is, SQLLiteral.null).where("failed_at", .is, SQLLiteral.null)
            .where("next_attempt_at", .lessThanOrEqual, now).returning("id").all().count == 1
    }

    public func markDelivered(_ id: UUID, status: Int, at now: Date) async throws {
        try await database.sql.update("webhook_deliveries").set("delivered_at", to: now).set("last_status", to: status)
            .set("attempts", to: SQLRaw("attempts + 1")).set("last_error", to: SQLLiteral.null).where("id", .equal, id.uppercasedText).run()
    }

    /// Records a failed attempt: tried again at `retryAt`, or given up (`retryAt` nil), in
    /// which case the administrators are told in the same transaction.
    public func markFailed(_ id: UUID, status: Int?, error: String, retryAt: Date?, at now: Date) async throws {
        try await database.transaction { db in
            var update = db.update("webhook_deliveries").set("attempts", to: SQLRaw("attempts + 1"))
                .set("last_status", to: SQLBind(status)).set("last_error", to: String(error.prefix(500)))
            update = retryAt.map { update.set("next_attempt_at", to: $0) } ?? update.set("failed_at", to: now)
            let rows = try await update.where("id", .equal, id.uppercasedText).returning("subscription_id").all()
            guard retryAt == nil, let subscription = try rows.first.map({ try $0.decode(column: "subscription_id", as: String.self) }),
                  let subscriptionID = UUID(text: subscription),
                  let callback = try await db.select().column("callback_url").from("webhook_subscriptions").where("id", .equal, subscription)
                    .first()?.decode(column: "callback_url", as: String.self) else { return }
            try await Self.alert(subscription: subscriptionID, callback: callback, at: now, on: db)
        }
    }

    /// A subscription's deliveries, newest first (its delivery log).
    public func deliveries(of subscription: UUID, limit: Int = 100) async throws -> [WebhookDelivery] {
        try await deliveries(of: subscription, undeliveredOnly: false, page: PageRequest(number: 1, size: limit)).items
    }

    /// A page of a subscription's delivery log, newest first; with `undeliveredOnly`, only
    /// what was given up or failed and is still being tried.
    public func deliveries(of subscription: UUID, undeliveredOnly: Bool, page: PageRequest) async throws -> Page<WebhookDelivery> {
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            let query = query.from("webhook_deliveries").where("subscription_id", .equal, subscription.uppercasedText)
            return undeliveredOnly ? Self.undelivered(query) : query
        }
        let (rows, total) = try await CountedPage.read(
            rows: filtered(database.sql.select().column("*")).orderBy("occurred_at", .descending).orderBy("id", .descending)
                .limit(page.size).offset(page.offset),
            count: filtered(database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")))
        return Page(items: try rows.map(Self.decodeDelivery), total: total, request: page)
    }

    /// How many deliveries of each subscription did not arrive (given up, or failed and still being tried).
    public func undeliveredCounts() async throws -> [UUID: Int] {
        let rows = try await Self.undelivered(database.sql.select().column("subscription_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("webhook_deliveries")).groupBy("subscription_id").all()
        var counts: [UUID: Int] = [:]
        for row in rows {
            if let id = UUID(text: try row.decode(column: "subscription_id", as: String.self)) { counts[id] = try row.decode(column: "n", as: Int.self) }
        }
        return counts
    }

    /// Deliveries not delivered: waiting for their first attempt, failed and still being
    /// tried, and given up (read through the index of undelivered ones, migration 59).
    public func deliveryStates() async throws -> (waiting: Int, failing: Int, givenUp: Int) {
        let row = try await database.sql.raw("""
            SELECT COUNT(CASE WHEN failed_at IS NULL AND attempts = 0 THEN 1 END) AS waiting,
                   COUNT(CASE WHEN failed_at IS NULL AND attempts > 0 THEN 1 END) AS failing, COUNT(failed_at) AS given_up
            FROM webhook_deliveries WHERE delivered_at IS NULL
            """).first()
        return (try row?.decode(column: "waiting", as: Int.self) ?? 0, try row?.decode(column: "failing", as: Int.self) ?? 0,
                try row?.decode(column: "given_up", as: Int.self) ?? 0)
    }

    /// Deliveries that did not arrive: given up, or failed at least once and still being tried.
    static func undelivered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
        query.where("delivered_at", .is, SQLLiteral.null).where(group: { $0.where("failed_at", .isNot, SQLLiteral.null).orWhere("attempts", .greaterThan, 0) })
    }

    /// Puts a given-up delivery of an active subscription back in line; false otherwise.
    public func redeliver(_ id: UUID, subscription: UUID, at now: Date) async throws -> Bool {
        try await database.sql.update("webhook_deliveries").set("failed_at", to: SQLLiteral.null).set("next_attempt_at", to: now)
            .set("attempts", to: 0).set("last_error", to: SQLLiteral.null)
            .where("id", .equal, id.uppercasedText).where("subscription_id", .equal, subscription.uppercasedText)
            .where("failed_at", .isNot, SQLLiteral.null).where("delivered_at", .is, SQLLiteral.null)
            .where("subscription_id", .in, SQLRaw("(SELECT id FROM webhook_subscriptions WHERE status = 'actief')"))
            .returning("id").all().count == 1
    }

    static func decode(_ row: any SQLRow) throws -> WebhookSubscription {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: idText), let organisation = OrganisationID(try row.decode(column: "organisation_id", as: String.self)),
              let callback = URL(string: try row.decode(column: "callback_url", as: String.self)),
              let createdBy = UUID(text: try row.decode(column: "created_by", as: String.self)) else {
            throw StorageError.corruptRow(table: "webhook_subscriptions", key: idText)
        }
        return WebhookSubscription(
            id: id, organisation: organisation, callback: callback,
            types: try row.decode(column: "event_types", as: String.self).split(separator: " ").map(String.init),
            municipalities: try row.decode(column: "municipalities", as: String.self).split(separator: " ").compactMap { MunicipalityCode(String($0)) },
            status: WebhookSubscription.Status(rawValue: try row.decode(column: "status", as: String.self)) ?? .ended,
            createdBy: createdBy, createdAt: try row.decode(column: "created_at", as: Date.self),
            endedAt: try row.decode(column: "ended_at", as: Date?.self), endReason: try row.decode(column: "end_reason", as: String?.self))
    }

    static func decodeDelivery(_ row: any SQLRow) throws -> WebhookDelivery {
        let idText = try row.decode(column: "id", as: String.self)
        guard let id = UUID(text: idText), let subscription = UUID(text: try row.decode(column: "subscription_id", as: String.self)) else {
            throw StorageError.corruptRow(table: "webhook_deliveries", key: idText)
        }
        let data = try JSONDecoder().decode([String: String].self, from: Data(try row.decode(column: "data", as: String.self).utf8))
        return WebhookDelivery(
            id: id, subscription: subscription, eventID: try row.decode(column: "event_id", as: String.self),
            eventType: try row.decode(column: "event_type", as: String.self), subject: try row.decode(column: "subject", as: String.self),
            objectID: try row.decode(column: "object_id", as: String.self), data: data,
            occurredAt: try row.decode(column: "occurred_at", as: Date.self), nextAttemptAt: try row.decode(column: "next_attempt_at", as: Date.self),
            attempts: try row.decode(column: "attempts", as: Int.self), deliveredAt: try row.decode(column: "delivered_at", as: Date?.self),
            failedAt: try row.decode(column: "failed_at", as: Date?.self), lastStatus: try row.decode(column: "last_status", as: Int?.self),
            lastError: try row.decode(column: "last_error", as: String?.self))
    }
}

extension JSONEncoder {
    /// Keys sorted, so the same data is the same text.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
