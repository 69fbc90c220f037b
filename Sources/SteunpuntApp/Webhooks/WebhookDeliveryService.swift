import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Hands queued events to the subscribers' receivers: every few seconds it takes what is
/// due, claims each delivery for one attempt (a lease, so that of several instances on one
/// database exactly one sends it), composes the event from its stored identifiers (the
/// same body and id on every attempt) and acts on the answer (`WebhookDeliveryPolicy`).
/// Receivers are served side by side, at most `parallel` at once; one receiver's events
/// go one after the other, and after a failure the rest of its events wait for the next
/// round, so a receiver that is down is not flooded.
package struct WebhookDeliveryService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    /// How long a claimed delivery is this sender's: longer than an attempt can take.
    package static let lease: TimeInterval = 60
    package static let parallel = 8

    package let store: WebhookStore
    package let transport: WebhookTransport
    /// This system's URN (`WebhookEvent.source(oin:)`) and the API's absolute base URL (for `dataref`).
    package let source: String
    package let api: String
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(store: WebhookStore, transport: WebhookTransport = WebhookTransport(), source: String, api: String, interval: Duration,
                 now: @escaping @Sendable () -> Date, logger: Logger) {
        self.store = store
        self.transport = transport
        self.source = source
        self.api = api
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await RepeatingWork(name: "webhook delivery", interval: interval, logger: logger, lease: lease).run {
            try await deliverDue()
        }
    }

    /// Attempts every delivery due now; returns how many were delivered.
    @discardableResult
    package func deliverDue() async throws -> Int {
        let due = try await store.due(at: now(), limit: 500)
        var queues: [UUID: [WebhookDelivery]] = [:]
        var order: [UUID] = []
        for delivery in due {
            if queues[delivery.subscription] == nil { order.append(delivery.subscription) }
            queues[delivery.subscription, default: []].append(delivery)
        }
        let work = order.map { (subscription: $0, deliveries: queues[$0] ?? []) }
        return try await withThrowingTaskGroup(of: Int.self) { group in
            var delivered = 0
            var next = work.makeIterator()
            for _ in 0..<Self.parallel {
                guard let item = next.next() else { break }
                group.addTask { try await deliver(item.deliveries, to: item.subscription) }
            }
            while let count = try await group.next() {
                delivered += count
                if let item = next.next() { group.addTask { try await deliver(item.deliveries, to: item.subscription) } }
            }
            return delivered
        }
    }

    /// One receiver's due events, in order, until one fails.
    private func deliver(_ deliveries: [WebhookDelivery], to subscription: UUID) async throws -> Int {
        guard let credentials = try await store.credentials(subscription) else { return 0 }
        var delivered = 0
        for delivery in deliveries {
            guard try await store.claim(delivery.id, at: now(), leaseEnd: now().addingTimeInterval(Self.lease)) else { continue }
            let event = WebhookEvent(id: delivery.eventID, type: delivery.eventType, time: delivery.occurredAt, subject: delivery.subject,
                                     requestID: delivery.objectID, data: delivery.data, source: source, api: api)
            let outcome = await transport.send(event, to: credentials.callback, authorization: credentials.authorization,
                                               secret: credentials.secret, at: now())
            let metadata: Logger.Metadata = ["delivery": "\(delivery.id)", "subscription": "\(subscription)", "type": "\(delivery.eventType)"]
            switch WebhookDeliveryPolicy.decide(outcome, attempts: delivery.attempts, now: now()) {
            case .delivered:
                if case .answered(let status, _) = outcome { try await store.markDelivered(delivery.id, status: status, at: now()) }
                Counter(label: "steunpunt_webhook_delivered_total").increment()
                delivered += 1
                continue
            case .retry(let at):
                try await store.markFailed(delivery.id, status: outcome.status, error: outcome.text, retryAt: at, at: now())
                logger.info("webhook delivery will be retried", metadata: metadata.merging(["error": "\(outcome.text)", "at": "\(at)"]) { $1 })
            case .giveUp:
                try await store.markFailed(delivery.id, status: outcome.status, error: outcome.text, retryAt: nil, at: now())
                logger.warning("webhook delivery given up", metadata: metadata.merging(["error": "\(outcome.text)"]) { $1 })
            case .endSubscription:
                _ = try await store.end(subscription, reason: "410 Gone", byReceiver: true, at: now())
                // Recorded as this delivery's last answer (the administrators were told once, by `end`).
                try await store.markFailed(delivery.id, status: 410, error: outcome.text, retryAt: nil, at: now())
                logger.warning("webhook subscription ended by its receiver (410)", metadata: metadata)
            }
            Counter(label: "steunpunt_webhook_failed_total").increment()
            break
        }
        return delivered
    }
}

extension WebhookDeliveryPolicy.Outcome {
    /// The status answered, if any.
    var status: Int? {
        if case .answered(let status, _) = self { return status }
        return nil
    }

    /// What the delivery log says of it: `HTTP 503`, or why there was no answer.
    var text: String {
        switch self {
        case .answered(let status, _): "HTTP \(status)"
        case .noAnswer(let reason): reason
        }
    }
}
