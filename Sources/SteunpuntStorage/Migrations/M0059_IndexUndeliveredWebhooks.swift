import SQLKit

/// The deliveries not delivered, indexed apart (issue 23, part 6): the business gauges
/// count them every minute and the subscriptions page counts them per subscription,
/// without reading every delivery ever made.
enum M0059_IndexUndeliveredWebhooks: Migration {
    static let id = 59
    static let name = "index undelivered webhook deliveries"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["CREATE INDEX webhook_deliveries_undelivered ON webhook_deliveries (subscription_id, attempts) WHERE delivered_at IS NULL"])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX webhook_deliveries_undelivered"])
    }
}
