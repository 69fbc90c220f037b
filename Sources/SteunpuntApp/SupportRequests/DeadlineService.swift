import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Marks open requests as on time, due soon, overdue or paused, at start and every
/// `interval` (working days pass while nobody touches a request), telling the holder of a
/// request whose deadline came near or passed (`RequestStore.refreshDeadlines`), and
/// publishes the counts as the gauge `steunpunt_requests_open{termijn=…}`.
package struct DeadlineService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package let requests: RequestStore
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(requests: RequestStore, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.requests = requests
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    /// Rounds until graceful shutdown or cancellation (`RepeatingWork`).
    package func run() async throws {
        await RepeatingWork(name: "deadline refresh", interval: interval, logger: logger, lease: lease).run { try await refresh() }
    }

    package func refresh() async throws {
        // A round over many requests stops between batches at shutdown (at 1,000,000 open
        // requests a first round takes minutes, and SIGTERM would wait for it).
        let counts = try await requests.refreshDeadlines(at: now(), continuing: { !Task.isShuttingDownGracefully && !Task.isCancelled })
        for state in [DeadlineState.onTime, .dueSoon, .overdue, .paused] {
            Gauge(label: "steunpunt_requests_open", dimensions: [("termijn", state.rawValue)]).record(counts[state] ?? 0)
        }
        if let overdue = counts[.overdue], overdue > 0 { logger.notice("requests overdue", metadata: ["count": "\(overdue)"]) }
    }
}
