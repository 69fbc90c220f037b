import Foundation
import Logging
import ServiceLifecycle
import SteunpuntStorage

/// What the clock makes happen to meetings, every `interval`: places offered from a
/// waiting list expire when their hold time has passed and go to the next people waiting
/// (`MeetingStore.expireOffers`), and two days before a meeting everyone with a place is
/// reminded (`MeetingStore.remind`). Both work meeting by meeting under locks and marks, so
/// two instances running this at once pass each place on once and remind each person once.
package struct MeetingClockService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    /// How long before a meeting its reminder goes.
    package static let reminderAhead: TimeInterval = 2 * 24 * 3600

    package let meetings: MeetingStore
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(meetings: MeetingStore, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.meetings = meetings
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    /// Rounds until graceful shutdown or cancellation (`RepeatingWork`).
    package func run() async throws {
        await RepeatingWork(name: "meetings", interval: interval, logger: logger, lease: lease).run {
            try await expire()
            try await remind()
        }
    }

    package func expire() async throws {
        let expired = try await meetings.expireOffers(at: now())
        if expired > 0 { logger.info("offered places passed on", metadata: ["count": "\(expired)"]) }
    }

    package func remind() async throws {
        let reminded = try await meetings.remind(at: now(), ahead: Self.reminderAhead)
        if reminded > 0 { logger.info("meeting reminders", metadata: ["count": "\(reminded)"]) }
    }
}
