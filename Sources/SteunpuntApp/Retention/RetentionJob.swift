import Foundation
import Logging
import ServiceLifecycle

/// The retention job: every hour it puts what became due on the list in review and
/// carries out the lists an administrator approved, so a record due today is listed in
/// the first round of the day and an approved list is destroyed within the hour.
/// Stops at graceful shutdown and on cancellation (`RepeatingWork`).
package struct RetentionJob: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package let retention: RetentionService
    package let logger: Logger
    package var interval: Duration

    package init(retention: RetentionService, logger: Logger, interval: Duration = .seconds(60 * 60)) {
        self.retention = retention
        self.logger = logger
        self.interval = interval
    }

    package func run() async throws {
        await RepeatingWork(name: "retention", interval: interval, logger: logger, lease: lease).run {
            let round = try await retention.round()
            if round.auditEntriesRemoved > 0 {
                logger.notice("audit entries past their retention removed behind a signed checkpoint", metadata: ["count": "\(round.auditEntriesRemoved)"])
            }
            if round.webhookDeliveriesRemoved > 0 {
                logger.notice("webhook deliveries past their retention removed", metadata: ["count": "\(round.webhookDeliveriesRemoved)"])
            }
            if round.listed > 0 { logger.notice("records due for destruction listed", metadata: ["count": "\(round.listed)"]) }
            if round.destroyed > 0 { logger.notice("records destroyed by an approved list", metadata: ["count": "\(round.destroyed)"]) }
        }
    }
}
