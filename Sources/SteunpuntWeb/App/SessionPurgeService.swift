import Foundation
import Logging
import ServiceLifecycle
import SteunpuntStorage

/// Removes ended sessions every quarter of an hour, so the table holds only live ones.
/// Stops at graceful shutdown and on cancellation (`RepeatingWork`).
struct SessionPurgeService: Service {
    let sessions: SessionStore
    let throttle: SignInThrottleStore
    let lifetime: SessionLifetime
    let now: @Sendable () -> Date
    let logger: Logger
    var interval: Duration = .seconds(15 * 60)

    func run() async throws {
        await RepeatingWork(name: "session purge", interval: interval, logger: logger).run {
            let removed = try await sessions.purgeExpired(at: now(), lifetime: lifetime)
            if removed > 0 { logger.info("purged ended sessions", metadata: ["count": "\(removed)"]) }
            try await throttle.purge(at: now())
        }
    }
}
