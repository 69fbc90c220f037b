import Foundation
import SteunpuntDomain
import SteunpuntStorage
import Synchronization

/// Whether the audit trail serialises the system: sixteen writers at once, each running
/// transactions that append an audit entry and then keep working for 5 ms (the rest of a
/// change: its rows, its notices) while holding what the append took. With one lane every
/// transaction waits for the one before it; with sixteen (PostgreSQL) they run side by
/// side. Throughput is transactions a second over the wall-clock time of the run.
enum AuditBenchmark {
    static func run(engine: String, url: DatabaseURL) async throws -> [Measurement] {
        let (database, _) = try await openBenchmarkDatabase(url)
        let store = AuditStore(database: database)
        var results: [Measurement] = []
        for lanes in [1, AuditStore.lanes] {
            let samples = Samples()
            let clock = ContinuousClock()
            let start = clock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<16 {
                    group.addTask {
                        for index in 0..<50 {
                            let begun = clock.now
                            try await store.append(AuditEvent(action: .requestChanged, actor: UUID(), objectType: "request", objectID: "\(writer)-\(index)",
                                                              occurredAt: Date()), lanes: lanes, holding: .milliseconds(5))
                            let took = clock.now - begun
                            samples.list.withLock { $0.append(took) }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let wall = clock.now - start
            let measurement = Measurement(name: "16 writers, an audited transaction each holding 5 ms, \(lanes) lane\(lanes == 1 ? "" : "s")",
                                          engine: engine, samples: samples.list.withLock { $0 })
            let perSecond = Double(measurement.samples.count) / (Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18)
            FileHandle.standardError.write(Data("| \(measurement.name) | \(engine) | p50 \(String(format: "%.1f", measurement.percentile(0.5))) ms | \(String(format: "%.0f", perSecond)) transactions/s |\n".utf8))
            results.append(measurement)
        }
        let verified = try await store.verify()
        guard verified.breaks.isEmpty else { throw AuditBroken(breaks: verified.breaks.map(\.description)) }
        await database.close()
        return results
    }

    /// What the writers measured, shared between them.
    final class Samples: Sendable {
        let list = Mutex<[Duration]>([])
    }

    struct AuditBroken: Error, CustomStringConvertible {
        let breaks: [String]
        var description: String { "the audit trail does not verify after the run: \(breaks.prefix(3))" }
    }
}
