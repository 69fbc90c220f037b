import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("The 10-point plan kept per quarter")
struct PlanSnapshotStoreTests {
    static let delft = MunicipalityCode("GM0503")!
    /// Moments in Dutch summer time (UTC+2) around the end of 2026-K3 (2026-09-30T22:00Z).
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("a quarter is kept as the history stood when it ended (a later change left out), once; an earlier quarter before any change is empty",
          arguments: TestEngine.available)
    func keep(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let official = try await IdentityStoreTests.makeUser(database)
            let progress = ProgressStore(database: database)
            func save(_ status: ProgressStatus, _ code: MunicipalityCode, version: Int, at text: String) async throws {
                _ = try await progress.save(PlanStoreTests.progress(status, evidence: "Besluit"), municipality: code, point: "regie", expectedVersion: version,
                                            planVersion: 1, by: official.id, at: Self.at(text), source: .form, historyID: UUID())
            }
            try await save(.preparing, PlanStoreTests.zoetermeer, version: 0, at: "2026-09-15T10:00:00Z")
            try await save(.inPlace, PlanStoreTests.zoetermeer, version: 1, at: "2026-09-30T22:30:00Z") // 1 October, 00:30 in Dutch time: K4
            try await save(.preparing, Self.delft, version: 0, at: "2026-08-01T10:00:00Z")
            try await save(.sustained, Self.delft, version: 1, at: "2026-09-30T21:30:00Z") // 30 September, 23:30: still K3, the latest of two
            let store = PlanSnapshotStore(database: database)
            #expect(try await store.firstChange() == Self.at("2026-08-01T10:00:00Z"))
            let third = PlanQuarter(year: 2026, quarter: 3)!
            #expect(try await store.take(third, at: PlanStoreTests.now))
            #expect(try await store.take(third, at: PlanStoreTests.now) == false, "kept once")
            let kept = try await store.statuses(at: third)
            #expect(kept[PlanStoreTests.zoetermeer]?["regie"] == .preparing, "the change after the quarter ended is not in it")
            #expect(kept[Self.delft]?["regie"] == .sustained)
            #expect(kept.count == 2)
            let second = PlanQuarter(year: 2026, quarter: 2)!
            #expect(try await store.take(second, at: PlanStoreTests.now))
            #expect(try await store.statuses(at: second).isEmpty)
            #expect(try await store.quarters() == [third, second], "newest first")
            #expect(try await store.latest() == third)
            #expect(try await progress.get(PlanStoreTests.zoetermeer, point: "regie")?.status == .inPlace, "progress itself untouched")
        }
    }
}
