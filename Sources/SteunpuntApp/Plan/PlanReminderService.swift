import Foundation
import Logging
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Every hour: reminds the municipalities that have not updated their 10-point plan for
/// `months` months (`PlanReminderStore.remind`), once per such period, also with several
/// instances. Not started when `months` is 0 (`BackgroundServices`).
package struct PlanReminderService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package static let defaultMonths = 6

    package let reminders: PlanReminderStore
    package let months: Int
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(reminders: PlanReminderStore, months: Int = Self.defaultMonths, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.reminders = reminders
        self.months = months
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await RepeatingWork(name: "plan reminders", interval: interval, logger: logger, lease: lease).run { try await remind() }
    }

    /// One round; returns how many municipalities were reminded.
    @discardableResult
    package func remind() async throws -> Int {
        let at = now()
        guard months > 0, let cutoff = DutchCalendar().calendar.date(byAdding: .month, value: -months, to: at) else { return 0 }
        let reminded = try await reminders.remind(cutoff: cutoff, at: at)
        if reminded > 0 { logger.info("plan reminders", metadata: ["reminded": "\(reminded)"]) }
        return reminded
    }
}
