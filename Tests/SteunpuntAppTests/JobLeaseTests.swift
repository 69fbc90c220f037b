import Foundation
import Logging
import SteunpuntApp
import SteunpuntStorage
import SteunpuntTestSupport
import Synchronization
import Testing

@Suite("Background jobs with several instances: each round runs once, and another instance takes over")
struct JobLeaseTests {
    final class Rounds: Sendable {
        let ran = Mutex<[String]>([])
        func add(_ holder: String) { ran.withLock { $0.append(holder) } }
        var all: [String] { ran.withLock { $0 } }
    }

    @Test("two instances running the same job: only the lease holder's rounds run; when it stops, the other's do", arguments: TestEngine.available)
    func onceAcrossInstances(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let rounds = Rounds()
            let logger = Logger(label: "test")
            func instance(_ holder: String) -> Task<Void, Never> {
                // A lease of 10 s renewed every 100 ms: a round late by a busy machine does not lose it.
                let lease = JobLease(store: JobLeaseStore(database: database), holder: holder, minimum: .seconds(10))
                return Task { await RepeatingWork(name: "plan reminders", interval: .milliseconds(100), logger: logger, lease: lease).run { rounds.add(holder) } }
            }
            /// Waits (up to two minutes: the whole suite may be running beside) until `done` holds.
            func waitUntil(_ done: () -> Bool) async throws {
                let deadline = ContinuousClock.now + .seconds(120)
                while !done() && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            }
            let first = instance("a")
            try await waitUntil { !rounds.all.isEmpty }
            let second = instance("b")
            // Three more rounds while both run, each interval of which the second tried too.
            let started = rounds.all.count
            try await waitUntil { rounds.all.count >= started + 3 }
            let together = rounds.all
            #expect(together.count >= started + 3, "the rounds went on: \(together)")
            #expect(Set(together) == ["a"], "while both run, one holds the job: \(together)")
            first.cancel()
            await first.value
            try await waitUntil { rounds.all.dropFirst(together.count).contains("b") }
            second.cancel()
            await second.value
            let after = rounds.all.dropFirst(together.count)
            #expect(after.contains("b") && after.allSatisfy { $0 == "b" || $0 == "a" }, "the other took over: \(Array(after))")
            #expect(Array(after.drop { $0 == "a" }).allSatisfy { $0 == "b" }, "never both again")
        }
    }
}
