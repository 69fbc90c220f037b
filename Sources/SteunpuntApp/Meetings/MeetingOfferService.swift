import Foundation
import Logging
import ServiceLifecycle
import SteunpuntStorage

/// Lets places offered from a waiting list expire when their hold time has passed and
/// offers them to the next people waiting (`MeetingStore.expireOffers`), every `interval`.
/// Each meeting's offers pass on under the meeting's lock, so two instances running this
/// at once pass each place on once.
package struct MeetingOfferService: Service {
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
        await RepeatingWork(name: "meeting offers", interval: interval, logger: logger).run { try await expire() }
    }

    package func expire() async throws {
        let expired = try await meetings.expireOffers(at: now())
        if expired > 0 { logger.info("offered places passed on", metadata: ["count": "\(expired)"]) }
    }
}
