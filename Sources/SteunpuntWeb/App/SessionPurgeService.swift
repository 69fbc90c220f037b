import Foundation
import Logging
import ServiceLifecycle
import SteunpuntStorage

/// Removes ended sessions every quarter of an hour, so the table holds only live ones.
/// Stops at graceful shutdown.
struct SessionPurgeService: Service {
    let sessions: SessionStore
    let throttle: SignInThrottleStore
    let lifetime: SessionLifetime
    let now: @Sendable () -> Date
    let logger: Logger
    var interval: Duration = .seconds(15 * 60)

    /// A purge in progress finishes (a cancelled query could leave a connection behind);
    /// only the wait between rounds ends at graceful shutdown.
    func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                let removed = try await sessions.purgeExpired(at: now(), lifetime: lifetime)
                if removed > 0 { logger.info("purged ended sessions", metadata: ["count": "\(removed)"]) }
                try await throttle.purge(at: now())
            } catch {
                logger.warning("session purge failed", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
