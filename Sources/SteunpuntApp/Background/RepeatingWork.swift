import Foundation
import Logging
import Metrics
import ServiceLifecycle
import Tracing
import SteunpuntStorage

/// The one loop every background service runs (deadline marking, session purge, mail
/// delivery, and every one to come): a round of work, then a wait of `interval`, until
/// graceful shutdown **or cancellation** (a service group cancels its services when one of
/// them ends, and on a second signal). A round in progress is not interrupted by graceful
/// shutdown (a cancelled query could leave a connection behind); a cancelled wait ends the
/// loop at once instead of starting the next round. A failing round is logged, but the same
/// failure again and again is logged once and then at most every `quietPeriod`, with how
/// often it happened, and its end is logged too. Every job's last good round is the gauge
/// `steunpunt_job_last_success_seconds{job}` (Unix time, recorded by the instance that ran
/// it) and its failed rounds the counter `steunpunt_job_failures_total{job}`, so an
/// operator sees a job that stopped working.
package struct RepeatingWork: Sendable {
    package let name: String
    package let interval: Duration
    package var quietPeriod: Duration = .seconds(600)
    package let logger: Logger
    /// With several instances on one database: a round runs only where the lease is held.
    package var lease: JobLease? = nil

    package init(name: String, interval: Duration, logger: Logger, lease: JobLease? = nil) {
        self.name = name
        self.interval = interval
        self.logger = logger
        self.lease = lease
    }

    package func run(_ round: @Sendable () async throws -> Void) async {
        var failures = FailureLog(name: name, quietPeriod: quietPeriod, logger: logger)
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            do {
                if let lease, !(try await lease.take(name, interval: interval)) {
                    // Another instance runs this round (and records its success).
                } else {
                    // A trace per round, with the round's statements inside it.
                    try await withSpan("job \(name)") { _ in try await round() }
                    Gauge(label: "steunpunt_job_last_success_seconds", dimensions: [("job", name)]).record(Date().timeIntervalSince1970)
                }
                failures.succeeded()
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                failures.failed(error)
                Counter(label: "steunpunt_job_failures_total", dimensions: [("job", name)]).increment()
            }
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                // Cancelled (or shutting down): no further round.
                return
            }
        }
    }
}

/// Logs a failing round, and the same failure repeated at a bounded rate.
package struct FailureLog {
    package let name: String
    package let quietPeriod: Duration
    package let logger: Logger
    package let clock: @Sendable () -> ContinuousClock.Instant
    private var last: String?
    private var repeated = 0
    private var lastLogged: ContinuousClock.Instant

    package init(name: String, quietPeriod: Duration, logger: Logger, clock: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.name = name
        self.quietPeriod = quietPeriod
        self.logger = logger
        self.clock = clock
        lastLogged = clock()
    }

    package mutating func failed(_ error: any Error) {
        let description = LoggedError.description(of: error)
        let now = clock()
        if description == last {
            repeated += 1
            guard now - lastLogged >= quietPeriod else { return }
            logger.error("\(name) still failing", metadata: ["error": "\(description)", "times": "\(repeated)"])
        } else {
            logger.error("\(name) failed", metadata: ["error": "\(description)"])
            last = description
            repeated = 1
        }
        lastLogged = now
    }

    package mutating func succeeded() {
        if let last {
            logger.notice("\(name) works again", metadata: ["after": "\(repeated) failed rounds", "error": "\(last)"])
        }
        last = nil
        repeated = 0
    }
}
