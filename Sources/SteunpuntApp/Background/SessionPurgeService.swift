import Foundation
import Logging
import ServiceLifecycle
import SteunpuntStorage

/// Removes ended sessions every quarter of an hour, so the table holds only live ones.
/// Stops at graceful shutdown and on cancellation (`RepeatingWork`).
package struct SessionPurgeService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package let sessions: SessionStore
    package let throttle: SignInThrottleStore
    package let lifetime: SessionLifetime
    package let now: @Sendable () -> Date
    package let logger: Logger
    package var interval: Duration

    package init(sessions: SessionStore, throttle: SignInThrottleStore, lifetime: SessionLifetime, now: @escaping @Sendable () -> Date, logger: Logger,
                 interval: Duration = .seconds(15 * 60)) {
        self.interval = interval
        self.sessions = sessions
        self.throttle = throttle
        self.lifetime = lifetime
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await RepeatingWork(name: "session purge", interval: interval, logger: logger, lease: lease).run {
            let removed = try await sessions.purgeExpired(at: now(), lifetime: lifetime)
            if removed > 0 { logger.info("purged ended sessions", metadata: ["count": "\(removed)"]) }
            try await throttle.purge(at: now())
        }
    }
}
