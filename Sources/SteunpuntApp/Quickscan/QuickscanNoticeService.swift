import Foundation
import Logging
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Every hour: reminds the municipalities that have not submitted when a round comes
/// within `reminderDays` days of closing, and tells the organisation running a round
/// that it has closed (`RoundStore.remindNonResponders`, `noticeClosedRounds`). Each
/// once, also with several instances.
package struct QuickscanNoticeService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package static let defaultReminderDays = 5

    package let rounds: RoundStore
    package let reminderDays: Int
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(rounds: RoundStore, reminderDays: Int = Self.defaultReminderDays, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.rounds = rounds
        self.reminderDays = reminderDays
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await RepeatingWork(name: "quickscan notices", interval: interval, logger: logger, lease: lease).run { try await tell() }
    }

    /// One round of reminders and closing notices; returns how many of each.
    @discardableResult
    package func tell() async throws -> (reminded: Int, closed: Int) {
        let at = now(), today = CalendarDay(of: at).description
        let reminded = try await rounds.remindNonResponders(today: today, daysBefore: reminderDays, at: at)
        let closed = try await rounds.noticeClosedRounds(today: today, at: at)
        if reminded + closed > 0 { logger.info("quickscan notices", metadata: ["reminded": "\(reminded)", "closed": "\(closed)"]) }
        return (reminded, closed)
    }
}
