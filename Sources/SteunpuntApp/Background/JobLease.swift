import Foundation
import ServiceLifecycle
import SteunpuntStorage

/// This instance's claim on background jobs when several instances share one PostgreSQL
/// (issue 23, part 5): before each round a job takes (or renews) its lease, for its
/// twice its interval and at least `minimum` (a minute); the instance that holds it runs the round, the others
/// skip theirs. If the holder stops, another takes over once the lease lapses.
package struct JobLease: Sendable {
    package let store: JobLeaseStore
    /// This instance (a new id per process).
    package let holder: String
    package let now: @Sendable () -> Date
    /// The shortest lease: a job every five seconds (mail) is taken over a minute after its
    /// holder stopped, not five seconds after a slow round.
    package let minimum: Duration

    package init(store: JobLeaseStore, holder: String = UUID().uuidString, minimum: Duration = .seconds(60), now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.holder = holder
        self.minimum = minimum
        self.now = now
    }

    /// Whether this instance runs `job`'s round now.
    package func take(_ job: String, interval: Duration) async throws -> Bool {
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }
        // Twice the interval: the holder renews it every round, well before it lapses.
        let seconds = max(seconds(minimum), 2 * seconds(interval))
        let now = now()
        return try await store.take(job, holder: holder, until: now.addingTimeInterval(seconds), at: now)
    }
}

/// A background service that runs its rounds through `RepeatingWork`, so that it can be
/// given this instance's `JobLease`. `BackgroundServices.all` lists only these, and gives
/// every one the lease: a job added there cannot run without it.
package protocol BackgroundJob: Service {
    var lease: JobLease? { get set }
}
