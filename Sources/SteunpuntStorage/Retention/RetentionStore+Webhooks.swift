import Foundation
import SQLKit
import SteunpuntDomain

/// The webhook deliveries' retention (`webhooklevering`, issue 23): their log holds
/// identifiers and codes only, so what is past its period goes every hour without a list.
extension RetentionStore {
    /// Removes the deliveries that arrived or were given up before `cutoff` (their log has
    /// served: a given-up one can no longer be redelivered), then the subscriptions ended
    /// before it with nothing left in their log (and with them their encrypted secrets), with
    /// an audit entry that says how many deliveries went, in one transaction. Returns that
    /// number and the subscriptions removed.
    public func pruneWebhookDeliveries(finishedBefore cutoff: Date, actor: String, at now: Date) async throws -> (deliveries: Int, subscriptions: Int) {
        let engine = database.engine
        return try await database.transaction { db in
            let deliveries = try await db.delete(from: "webhook_deliveries")
                .where(group: { $0.where("delivered_at", .lessThan, cutoff).orWhere(group: {
                    $0.where("delivered_at", .is, SQLLiteral.null).where("failed_at", .lessThan, cutoff)
                }) })
                .returning("id").all().count
            let subscriptions = try await db.raw("""
                DELETE FROM webhook_subscriptions WHERE status = \(bind: WebhookSubscription.Status.ended.rawValue) AND ended_at < \(bind: cutoff)
                AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.subscription_id = webhook_subscriptions.id) RETURNING id
                """).all().count
            if deliveries + subscriptions > 0 {
                try await AuditStore.append(AuditEvent(action: .webhookDeliveriesPruned, actorLabel: actor, objectType: "webhook_delivery",
                                                       objectID: "\(deliveries)", origin: actor, occurredAt: now), on: db, engine: engine)
            }
            return (deliveries, subscriptions)
        }
    }

    /// How many deliveries `pruneWebhookDeliveries(finishedBefore:)` would remove (the dry run).
    public func webhookDeliveriesFinished(before cutoff: Date) async throws -> Int {
        try await database.sql.raw("""
            SELECT COUNT(*) AS n FROM webhook_deliveries
            WHERE delivered_at < \(bind: cutoff) OR (delivered_at IS NULL AND failed_at < \(bind: cutoff))
            """).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}
