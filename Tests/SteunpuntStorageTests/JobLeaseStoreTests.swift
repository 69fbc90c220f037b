import Foundation
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Job leases: one instance runs a job's rounds; another takes over when the lease lapses")
struct JobLeaseStoreTests {
    @Test("taken, renewed by its holder, refused to others until it lapses; of many taking it at once exactly one gets it", arguments: TestEngine.available)
    func leases(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = JobLeaseStore(database: database)
            let now = Date(timeIntervalSince1970: 1_796_400_000)
            #expect(try await store.take("retention", holder: "a", until: now.addingTimeInterval(60), at: now))
            #expect(try await !store.take("retention", holder: "b", until: now.addingTimeInterval(70), at: now.addingTimeInterval(10)))
            #expect(try await store.take("retention", holder: "a", until: now.addingTimeInterval(120), at: now.addingTimeInterval(60)), "renewed")
            #expect(try await !store.take("retention", holder: "b", until: now.addingTimeInterval(180), at: now.addingTimeInterval(119)))
            #expect(try await store.take("retention", holder: "b", until: now.addingTimeInterval(180), at: now.addingTimeInterval(120)), "lapsed: taken over")
            #expect(try await store.holder(of: "retention")?.holder == "b")
            #expect(try await store.take("mail delivery", holder: "a", until: now.addingTimeInterval(60), at: now), "each job its own lease")

            for round in 0..<5 {
                let at = now.addingTimeInterval(Double(1_000 + round * 100))
                let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                    for holder in 0..<8 { group.addTask { try await store.take("deadline refresh", holder: "h\(holder)", until: at.addingTimeInterval(60), at: at) } }
                    return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                }
                #expect(winners == 1, "round \(round): \(winners) instances took the lease")
            }
        }
    }
}
