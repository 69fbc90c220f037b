import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("The 10-point plan in storage: versions, progress with its history, carried over to a new version")
struct PlanStoreTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)
    static let zoetermeer = MunicipalityCode("GM0637")!

    static func progress(_ status: ProgressStatus, evidence: String = "", support: Bool = false) -> ProgressDraft.Valid {
        try! ProgressDraft(status: status.rawValue, since: status == .notStarted ? "" : "2026-10-01", evidence: evidence, wantsSupport: support)
            .validated(today: now)
    }

    @Test("the starting plan is published once; a draft changes in place, a published one makes the next; stale saves refused",
          arguments: TestEngine.available)
    func versions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = PlanStore(database: database)
            try await ReferenceData.ensure(in: database, at: Self.now)
            #expect(try await store.ensureStarting(at: Self.now) == false, "shipped once, by the reference data")
            let first = try #require(try await store.published())
            #expect(first.version == 1 && first.isStartingVersion && first.publishedAt != nil)
            let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            var plan = Plan.starting
            plan.title = "10-puntenplan 2027"
            let draft = try await store.save(plan, basedOn: 1, by: coordinator.id, at: Self.now)
            #expect(draft.version == 2 && draft.status == .draft)
            plan.introduction = "Bijgewerkt."
            #expect(try await store.save(plan, basedOn: 2, by: coordinator.id, at: Self.now).version == 2, "the draft changes in place")
            await #expect(throws: DomainError.conflict("plan_changed")) { _ = try await store.save(plan, basedOn: 1, by: coordinator.id, at: Self.now) }
            #expect(try await store.published()?.version == 1, "a draft is not what municipalities work with")
            #expect(try await store.versions().map(\.version) == [2, 1])
            let second = try #require(try await store.version(2))
            #expect(second.plan.introduction == "Bijgewerkt." && !second.isStartingVersion)
            let (published, changes) = try await store.publish(version: 2, at: Self.now)
            #expect(published.status == .published && changes.isEmpty, "the points ask the same")
            await #expect(throws: DomainError.conflict("plan_published")) { _ = try await store.publish(version: 2, at: Self.now) }
            await #expect(throws: DomainError.notFound) { _ = try await store.publish(version: 9, at: Self.now) }
            #expect(try await store.version(1)?.plan == .starting, "a published version never changes")
        }
    }

    @Test("progress: recorded with its version, a stale change refused, every change in the history newest first",
          arguments: TestEngine.available)
    func progress(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let official = try await IdentityStoreTests.makeUser(database)
            let store = ProgressStore(database: database)
            #expect(try await store.progress(of: Self.zoetermeer).isEmpty, "nothing recorded: every point not started")
            let first = try await store.save(Self.progress(.preparing, support: true), municipality: Self.zoetermeer, point: "regie", expectedVersion: 0,
                                             planVersion: 1, by: official.id, at: Self.now, source: .form, historyID: UUID())
            #expect(first.version == 1 && first.wantsSupport && first.changedBy == official.id)
            await #expect(throws: DomainError.conflict("progress_changed")) {
                _ = try await store.save(Self.progress(.inPlace, evidence: "Besluit"), municipality: Self.zoetermeer, point: "regie", expectedVersion: 0,
                                         planVersion: 1, by: official.id, at: Self.now, source: .form, historyID: UUID())
            }
            let second = try await store.save(Self.progress(.inPlace, evidence: "Besluit van het college"), municipality: Self.zoetermeer, point: "regie",
                                              expectedVersion: 1, planVersion: 1, by: official.id, at: Self.now.addingTimeInterval(60), source: .upload,
                                              historyID: UUID())
            #expect(second.version == 2 && second.status == .inPlace && !second.wantsSupport)
            #expect(try await store.get(Self.zoetermeer, point: "regie") == second)
            #expect(try await store.progress(of: Self.zoetermeer).keys.sorted() == ["regie"])
            let history = try await store.history(of: Self.zoetermeer, point: "regie")
            #expect(history.map(\.progress.status) == [.inPlace, .preparing] && history.map(\.source) == [.upload, .form])
            #expect(history.first?.progress.evidence == "Besluit van het college" && history.last?.changedBy == official.id)
            #expect(try await store.history(of: MunicipalityCode("GM0503")!).isEmpty, "another municipality's history is its own")
        }
    }

    @Test("publishing a version that asks something else marks that point's progress for review, with a line in its history",
          arguments: TestEngine.available)
    func carriedOver(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Self.now)
            let official = try await IdentityStoreTests.makeUser(database)
            let coordinator = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let progress = ProgressStore(database: database)
            for key in ["regie", "lokaal-beeld"] {
                _ = try await progress.save(Self.progress(.inPlace, evidence: "Vastgesteld"), municipality: Self.zoetermeer, point: key, expectedVersion: 0,
                                            planVersion: 1, by: official.id, at: Self.now, source: .form, historyID: UUID())
            }
            var plan = Plan.starting
            plan.points[1].asks += " Betrek ook het onderwijs."
            plan.points[0].needs = [.cooperation]
            let plans = PlanStore(database: database)
            _ = try await plans.save(plan, basedOn: 1, by: coordinator.id, at: Self.now)
            let (_, changes) = try await plans.publish(version: 2, at: Self.now.addingTimeInterval(3600))
            #expect(changes.toReview == ["lokaal-beeld"])
            let now = try await progress.progress(of: Self.zoetermeer)
            #expect(now["regie"]?.needsReview == false && now["regie"]?.version == 1, "unchanged: carried over as it was")
            #expect(now["lokaal-beeld"]?.needsReview == true && now["lokaal-beeld"]?.status == .inPlace && now["lokaal-beeld"]?.planVersion == 2
                    && now["lokaal-beeld"]?.version == 2)
            #expect(try await progress.history(of: Self.zoetermeer, point: "lokaal-beeld").map(\.source) == [.newPlanVersion, .form])
            // Recording it again clears the mark.
            let reviewed = try await progress.save(Self.progress(.inPlace, evidence: "Vastgesteld, ook met het onderwijs"), municipality: Self.zoetermeer,
                                                   point: "lokaal-beeld", expectedVersion: 2, planVersion: 2, by: official.id, at: Self.now, source: .form,
                                                   historyID: UUID())
            #expect(!reviewed.needsReview && reviewed.version == 3)
        }
    }

    @Test("counts per point, province and status over the recorded progress", arguments: TestEngine.available)
    func counts(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Self.now)
            let store = ProgressStore(database: database)
            for (code, status) in [("GM0637", ProgressStatus.inPlace), ("GM0503", .inPlace), ("GM0363", .preparing)] {
                _ = try await store.save(Self.progress(status, evidence: "Vastgesteld"), municipality: MunicipalityCode(code)!, point: "regie",
                                         expectedVersion: 0, planVersion: 1, by: nil, at: Self.now, source: .form, historyID: UUID())
            }
            let counts = try await store.counts()
            #expect(Set(counts.map { "\($0.point) \($0.province.rawValue) \($0.status.rawValue) \($0.count)" })
                    == ["regie Zuid-Holland ingevoerd 2", "regie Noord-Holland in-voorbereiding 1"])
            let provinces = try await MunicipalityStore(database: database).countsByProvince()
            #expect(provinces[.zeeland] == 13 && provinces[.flevoland] == 6 && provinces.values.reduce(0, +) == 342)
            #expect(try await MunicipalityStore(database: database).some([MunicipalityCode("GM0637")!, MunicipalityCode("GM9999")!]).map(\.name) == ["Zoetermeer"])
        }
    }
}
