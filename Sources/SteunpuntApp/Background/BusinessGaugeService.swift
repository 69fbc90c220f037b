import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// The business gauges an operator watches beside the technical ones (issue 23, part 6),
/// recorded every minute for `/metrics`: the mail outbox (`steunpunt_mail_outbox{stand}`:
/// waiting, given up), webhook deliveries (`steunpunt_webhook_deliveries{stand}`: waiting,
/// failing, given up) and destruction lists under way (`steunpunt_destruction_lists{stand}`).
/// Open and overdue requests come from the deadline marking (`steunpunt_requests_open`),
/// each job's last good round from `RepeatingWork` (`steunpunt_job_last_success_seconds`).
package struct BusinessGaugeService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package let outbox: MailOutboxStore?
    package let webhooks: WebhookStore?
    package let retention: RetentionStore
    package let logger: Logger
    package var interval: Duration

    package init(outbox: MailOutboxStore?, webhooks: WebhookStore?, retention: RetentionStore, logger: Logger, interval: Duration = .seconds(60)) {
        self.outbox = outbox
        self.webhooks = webhooks
        self.retention = retention
        self.logger = logger
        self.interval = interval
    }

    package func run() async throws {
        await RepeatingWork(name: "business gauges", interval: interval, logger: logger, lease: lease).run { try await record() }
    }

    /// Reads the counts and records them.
    package func record() async throws {
        if let outbox {
            let depth = try await outbox.depth()
            Gauge(label: "steunpunt_mail_outbox", dimensions: [("stand", "wachtend")]).record(depth.waiting)
            Gauge(label: "steunpunt_mail_outbox", dimensions: [("stand", "opgegeven")]).record(depth.givenUp)
        }
        if let webhooks {
            let states = try await webhooks.deliveryStates()
            Gauge(label: "steunpunt_webhook_deliveries", dimensions: [("stand", "wachtend")]).record(states.waiting)
            Gauge(label: "steunpunt_webhook_deliveries", dimensions: [("stand", "mislukt")]).record(states.failing)
            Gauge(label: "steunpunt_webhook_deliveries", dimensions: [("stand", "opgegeven")]).record(states.givenUp)
        }
        for status in DestructionListStatus.allCases where status != .destroyed {
            Gauge(label: "steunpunt_destruction_lists", dimensions: [("stand", status.rawValue)]).record(try await retention.lists(status: status).count)
        }
    }
}
