import Foundation
import Logging
import Metrics
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Marks open requests as on time, due soon, overdue or paused, at start and every
/// `interval` (working days pass while nobody touches a request), and publishes the
/// counts as the gauge `steunpunt_requests_open{termijn=…}`.
struct DeadlineService: Service {
    let requests: RequestStore
    let interval: Duration
    let now: @Sendable () -> Date
    let logger: Logger

    /// Rounds until graceful shutdown or cancellation (`RepeatingWork`).
    func run() async throws {
        await RepeatingWork(name: "deadline refresh", interval: interval, logger: logger).run { try await refresh() }
    }

    func refresh() async throws {
        let counts = try await requests.refreshDeadlines(at: now())
        for state in [DeadlineState.onTime, .dueSoon, .overdue, .paused] {
            Gauge(label: "steunpunt_requests_open", dimensions: [("termijn", state.rawValue)]).record(counts[state] ?? 0)
        }
        if let overdue = counts[.overdue], overdue > 0 { logger.notice("requests overdue", metadata: ["count": "\(overdue)"]) }
    }
}
