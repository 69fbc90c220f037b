import Foundation
import Logging
import ServiceLifecycle
import SteunpuntDomain
import SteunpuntStorage

/// Every hour: keeps the 10-point plan as it stood at the end of each quarter that ended
/// since the first change of progress and is not kept yet (`PlanSnapshotStore.take`), once,
/// also with several instances; the overview compares with the latest.
package struct PlanSnapshotService: BackgroundJob {
    /// Given by `BackgroundServices.all` when instances share a database.
    package var lease: JobLease? = nil
    package let snapshots: PlanSnapshotStore
    package let interval: Duration
    package let now: @Sendable () -> Date
    package let logger: Logger

    package init(snapshots: PlanSnapshotStore, interval: Duration, now: @escaping @Sendable () -> Date, logger: Logger) {
        self.snapshots = snapshots
        self.interval = interval
        self.now = now
        self.logger = logger
    }

    package func run() async throws {
        await RepeatingWork(name: "plan snapshots", interval: interval, logger: logger, lease: lease).run { try await keep() }
    }

    /// One round; returns the quarters it kept.
    @discardableResult
    package func keep() async throws -> [PlanQuarter] {
        guard let first = try await snapshots.firstChange() else { return [] }
        let at = now()
        let kept = Set(try await snapshots.quarters())
        var taken: [PlanQuarter] = []
        for quarter in PlanQuarter.ended(since: first, by: at) where !kept.contains(quarter) {
            if try await snapshots.take(quarter, at: at) { taken.append(quarter) }
        }
        if !taken.isEmpty { logger.info("plan snapshots", metadata: ["quarters": "\(taken.map(\.description).joined(separator: " "))"]) }
        return taken
    }
}
