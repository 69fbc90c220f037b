import Foundation
import SQLKit
import SteunpuntDomain

/// The webhook deliveries' retention (`webhooklevering`, issue 23): their log holds
/// identifiers and codes only, so what is past its period goes every hour without a list.
extension RetentionStore {
    /// Removes the deliveries that arrived or were given up before `cutoff` (their log has
    /// served: a given-up one can no longer be redelivered), `batch` at a time, each batch in
    /// a transaction of its own with an audit entry that says how many went (a long log
    /// going at once holds no lock for long); then the subscriptions ended before it with
    /// nothing left in their log, and with them their encrypted secrets. Returns how many
    /// deliveries and subscriptions went.
    public func pruneWebhookDeliveries(finishedBefore cutoff: Date, actor: String, at now: Date,
                                       batch: Int = 5_000) async throws -> (deliveries: Int, subscriptions: Int) {
        let engine = database.engine
        var deliveries = 0
        while true {
            let removed = try await database.transaction { db in
                let removed = try await db.raw("""
                    DELETE FROM webhook_deliveries WHERE id IN (
                        SELECT id FROM webhook_deliveries
                        WHERE delivered_at < \(bind: cutoff) OR (delivered_at IS NULL AND failed_at < \(bind: cutoff))
                        LIMIT \(unsafeRaw: String(batch))
                    ) RETURNING id
                    """).all().count
                if removed > 0 {
                    try await AuditStore.append(AuditEvent(action: .webhookDeliveriesPruned, actorLabel: actor, objectType: "webhook_delivery",
                                                           objectID: "\(removed)", origin: actor, occurredAt: now), on: db, engine: engine)
                }
                return removed
            }
            deliveries += removed
            if removed < batch { break }
        }
        let subscriptions = try await database.sql.raw("""
            DELETE FROM webhook_subscriptions WHERE status = \(bind: WebhookSubscription.Status.ended.rawValue) AND ended_at < \(bind: cutoff)
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = webhook_subscriptions.id) RETURNING id
            """).all().count
        return (deliveries, subscriptions)
    }

    /// How many deliveries `pruneWebhookDeliveries(finishedBefore:)` would remove (the dry run).
    public func webhookDeliveriesFinished(before cutoff: Date) async throws -> Int {
        try await database.sql.raw("""
            SELECT COUNT(*) AS n FROM webhook_deliveries
            WHERE delivered_at < \(bind: cutoff) OR (delivered_at IS NULL AND failed_at < \(bind: cutoff))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
