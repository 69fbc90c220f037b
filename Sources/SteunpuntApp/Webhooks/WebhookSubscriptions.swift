import Foundation
import SteunpuntDomain
import SteunpuntStorage

/// Webhook subscriptions as administrators keep them: registering one (checked as a whole,
/// then a handshake: a test event the receiver must answer with a 2xx before anything is
/// stored; the signing secret is shown once, in the answer), reading them and their
/// delivery log, ending one, and sending a given-up event again. Every change is audited.
package struct WebhookSubscriptions: Sendable {
    package let store: WebhookStore
    package let organisations: OrganisationStore
    package let audit: AuditStore
    package let transport: WebhookTransport
    /// This system's URN and the API's absolute base URL, as the events carry them.
    package let source: String
    package let api: String
    /// Whether a callback may be plain `http://` (a receiver on the operator's own network).
    package let allowPlainHTTP: Bool
    package let dependencies: Dependencies

    package init(store: WebhookStore, organisations: OrganisationStore, audit: AuditStore, transport: WebhookTransport = WebhookTransport(),
                 source: String, api: String, allowPlainHTTP: Bool, dependencies: Dependencies) {
        self.store = store
        self.organisations = organisations
        self.audit = audit
        self.transport = transport
        self.source = source
        self.api = api
        self.allowPlainHTTP = allowPlainHTTP
        self.dependencies = dependencies
    }

    package func list(by user: User?) async throws -> [WebhookSubscription] {
        try Self.requireAdministrator(user)
        return try await store.list()
    }

    /// One line per subscription for the administrators' page: the subscription, its
    /// organisation's name and how many of its events did not arrive.
    package struct Line: Sendable {
        package let subscription: WebhookSubscription
        package let organisationName: String
        package let undelivered: Int
    }

    package func overview(by user: User?) async throws -> [Line] {
        let subscriptions = try await list(by: user)
        let counts = try await store.undeliveredCounts()
        var names: [OrganisationID: String] = [:]
        var lines: [Line] = []
        for subscription in subscriptions {
            if names[subscription.organisation] == nil {
                names[subscription.organisation] = try await organisations.get(subscription.organisation)?.name ?? subscription.organisation.rawValue
            }
            lines.append(Line(subscription: subscription, organisationName: names[subscription.organisation]!, undelivered: counts[subscription.id] ?? 0))
        }
        return lines
    }

    package func get(_ id: UUID, by user: User?) async throws -> WebhookSubscription {
        try Self.requireAdministrator(user)
        guard let subscription = try await store.get(id) else { throw DomainError.notFound }
        return subscription
    }

    /// Registers a subscription after a successful handshake; returns it with its signing
    /// secret (shown this once). A receiver that does not answer the test event with a 2xx
    /// gives `callbackUrl: handshake_failed`, with every other problem found.
    package func subscribe(_ draft: WebhookSubscriptionDraft, actor: Actor) async throws -> (subscription: WebhookSubscription, secret: String) {
        let user = try Self.requireAdministrator(actor.user)
        var (valid, problems) = try Validator.collect { () throws(DomainError) in try draft.validated(allowPlainHTTP: allowPlainHTTP) }
        if let id = OrganisationID(draft.organisation.trimmingCharacters(in: .whitespaces)), try await organisations.get(id) == nil {
            problems.append(FieldError(field: "organisatie", code: "unknown_organisation"))
        }
        guard problems.isEmpty, let valid else { throw DomainError.invalid(problems) }

        let id = dependencies.uuid()
        let secret = WebhookSignature.newSecret()
        let now = dependencies.now()
        let handshake = WebhookEvent.handshake(id: dependencies.uuid(), subscription: id, time: now, source: source, api: api)
        let outcome = await transport.send(handshake, to: valid.callback, authorization: valid.authorization, secret: secret, at: now)
        guard case .delivered = WebhookDeliveryPolicy.decide(outcome, attempts: 0, now: now) else {
            throw DomainError.invalid([FieldError(field: "callbackUrl", code: "handshake_failed")])
        }
        let subscription = try await store.create(valid, secret: secret, id: id, by: user.id, at: now)
        try await audit.append(actor.auditEvent(.webhookSubscribed, objectType: "webhook", objectID: id.uppercasedText, at: now))
        return (subscription, secret)
    }

    /// Ends a subscription; `conflict("subscription_ended")` when it had ended already.
    package func end(_ id: UUID, actor: Actor) async throws -> WebhookSubscription {
        _ = try await get(id, by: actor.user)
        guard try await store.end(id, reason: "beëindigd door beheerder", at: dependencies.now()) else {
            throw DomainError.conflict("subscription_ended")
        }
        try await audit.append(actor.auditEvent(.webhookEnded, objectType: "webhook", objectID: id.uppercasedText, at: dependencies.now()))
        return try await get(id, by: actor.user)
    }

    /// A page of the subscription's delivery log, newest first (only what did not arrive, with `undeliveredOnly`).
    package func deliveries(of id: UUID, undeliveredOnly: Bool = false, page: PageRequest, by user: User?) async throws -> Page<WebhookDelivery> {
        _ = try await get(id, by: user)
        return try await store.deliveries(of: id, undeliveredOnly: undeliveredOnly, page: page)
    }

    /// Puts a given-up delivery back in line; `conflict("delivery_not_given_up")` when it
    /// was delivered, is still being tried, or its subscription has ended.
    package func redeliver(_ delivery: UUID, of subscription: UUID, actor: Actor) async throws {
        _ = try await get(subscription, by: actor.user)
        guard try await store.redeliver(delivery, subscription: subscription, at: dependencies.now()) else {
            throw DomainError.conflict("delivery_not_given_up")
        }
        try await audit.append(actor.auditEvent(.webhookRedelivered, objectType: "webhook-delivery", objectID: delivery.uppercasedText,
                                                at: dependencies.now()))
    }

    @discardableResult
    static func requireAdministrator(_ user: User?) throws -> User {
        guard let user else { throw DomainError.unauthenticated }
        guard AccessPolicy.canAdminister(user) else { throw DomainError.forbidden }
        return user
    }
}
