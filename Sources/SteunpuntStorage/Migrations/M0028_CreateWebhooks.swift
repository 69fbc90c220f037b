import SQLKit

/// Webhooks (issue 18): subscriptions of organisations' systems to request events, and
/// the deliveries each change queues for them, in the change's transaction. A delivery
/// keeps the event's identifiers (the body is composed from them, the same on every
/// attempt), its attempts and the last answer.
enum M0028_CreateWebhooks: Migration {
    static let id = 28
    static let name = "create webhooks"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE webhook_subscriptions (
                id TEXT PRIMARY KEY,
                organisation_id TEXT NOT NULL REFERENCES organisations (id),
                callback_url TEXT NOT NULL,
                event_types TEXT NOT NULL,
                municipalities TEXT NOT NULL,
                authorization_value TEXT NOT NULL,
                secret TEXT NOT NULL,
                status TEXT NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                ended_at \(t.timestamp),
                end_reason TEXT
            )
            """,
            "CREATE INDEX webhook_subscriptions_status ON webhook_subscriptions (status, organisation_id)",
            """
            CREATE TABLE webhook_deliveries (
                id TEXT PRIMARY KEY,
                subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
                event_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                subject TEXT NOT NULL,
                object_id TEXT NOT NULL,
                data TEXT NOT NULL,
                occurred_at \(t.timestamp) NOT NULL,
                next_attempt_at \(t.timestamp) NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                delivered_at \(t.timestamp),
                failed_at \(t.timestamp),
                last_status INTEGER,
                last_error TEXT
            )
            """,
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE delivered_at IS NULL AND failed_at IS NULL",
            "CREATE INDEX webhook_deliveries_subscription ON webhook_deliveries (subscription_id, occurred_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE webhook_deliveries", "DROP TABLE webhook_subscriptions"])
    }
}
