import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Quickscan instruments in storage: drafts change, published versions are frozen")
struct InstrumentStoreTests {
    @Test("a draft changes in place; once published a change makes the next draft; stale saves and republishing are refused",
          arguments: TestEngine.available)
    func versions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let author = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let store = InstrumentStore(database: database)
            let id = UUID()
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let first = try await store.create(.starting, id: id, by: author.id, at: now)
            #expect(first.version == 1 && first.status == .draft)
            var edited = Instrument.starting
            edited.title = "Quickscan 2027"
            let saved = try await store.save(id, edited, basedOn: 1, by: author.id, at: now)
            #expect(saved.version == 1, "a draft is changed in place")
            #expect(try await store.version(id, 1)?.definition.title == "Quickscan 2027")
            #expect(try await store.latestPublished(id) == nil)
            let published = try await store.publish(id, version: 1, at: now)
            #expect(published.status == .published && published.publishedAt == now)
            await #expect(throws: DomainError.conflict("instrument_published")) { _ = try await store.publish(id, version: 1, at: now) }
            edited.title = "Quickscan 2028"
            let next = try await store.save(id, edited, basedOn: 1, by: author.id, at: now)
            #expect(next.version == 2 && next.status == .draft, "a published version makes a new draft")
            #expect(try await store.version(id, 1)?.definition.title == "Quickscan 2027", "the published version did not change")
            #expect(try await store.latestPublished(id)?.version == 1)
            await #expect(throws: DomainError.conflict("instrument_changed")) { _ = try await store.save(id, edited, basedOn: 1, by: author.id, at: now) }
            #expect(try await store.versions(id).map(\.version) == [2, 1])
            #expect(try await store.list().filter { $0.instrumentID == id }.map(\.version) == [2], "the list shows the latest version")
            var broken = Instrument.starting
            broken.sections[0].questions[0].key = "Ongeldig!"
            await #expect(throws: DomainError.invalid([FieldError(field: "Ongeldig!", code: "invalid_or_duplicate_key")])) {
                _ = try await store.save(id, broken, basedOn: 2, by: author.id, at: now)
            }
        }
    }

    @Test("the starting instrument is shipped once, published and without an author", arguments: TestEngine.available)
    func shipped(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = InstrumentStore(database: database)
            try await ReferenceData.ensure(in: database, at: Date())
            try await ReferenceData.ensure(in: database, at: Date())
            let all = try await store.list()
            #expect(all.count == 1 && all[0].status == .published && all[0].changedBy == nil && all[0].definition == .starting)
            #expect(try await store.ensureStarting(at: Date()) == false)
        }
    }

    @Test("the database itself refuses to change or remove a published version", arguments: TestEngine.available)
    func frozenInTheDatabase(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let author = try await IdentityStoreTests.makeUser(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let store = InstrumentStore(database: database)
            let id = UUID()
            _ = try await store.create(.starting, id: id, by: author.id, at: Date())
            _ = try await store.publish(id, version: 1, at: Date())
            let changed = await refusal {
                try await database.sql.update("quickscan_instrument_versions").set("definition", to: "{}").where("instrument_id", .equal, id.uuidString).run()
            }
            #expect(changed?.contains("a published quickscan version is frozen") == true, "\(changed ?? "not refused")")
            let deleted = await refusal {
                try await database.sql.delete(from: "quickscan_instrument_versions").where("instrument_id", .equal, id.uuidString).run()
            }
            #expect(deleted?.contains("a published quickscan version is frozen") == true, "\(deleted ?? "not refused")")
            #expect(try await store.version(id, 1)?.definition == Instrument.starting)
        }
    }
}
