import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("A removed evidence document's bytes go with it, unless something readable still uses them")
struct EvidenceContentTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    static func valid(_ text: String) throws -> EvidenceDraft.Valid {
        try EvidenceDraft(file: UploadedFile(fileName: "verslag.txt", bytes: Array(text.utf8))).validated(sizeLimit: 10_000)
    }

    static func stored(_ database: Database, _ sha256: String) async throws -> Int? {
        try await database.sql.raw("SELECT LENGTH(content) AS n FROM document_contents WHERE sha256 = \(bind: sha256)").first()?.decode(column: "n", as: Int.self)
    }

    @Test("removing erases the bytes once no evidence still shows them; the same file added again is readable; the history keeps the record",
          arguments: TestEngine.available)
    func removal(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let official = try await RequestStoreTests.cast(database).official
            let store = EvidenceStore(database: database), documents = DocumentStore(database: database)
            let zoetermeer = MunicipalityCode("GM0637")!, delft = MunicipalityCode("GM0503")!
            let text = "Verslag van het overleg met Jan de Vries"
            let first = try await store.add(try Self.valid(text), municipality: zoetermeer, point: "regie", id: UUID(), by: official.id, at: Self.now)
            let same = try await store.add(try Self.valid(text), municipality: delft, point: "regie", id: UUID(), by: official.id, at: Self.now)
            let sha256 = first.file.sha256
            #expect(same.file.sha256 == sha256, "one row for the same bytes")

            #expect(try await store.remove(first.id, municipality: zoetermeer, point: "regie", by: official.id, at: Self.now))
            #expect(try await documents.content(sha256) == Data(text.utf8), "Delft's document still shows them")
            #expect(try await store.remove(same.id, municipality: delft, point: "regie", by: official.id, at: Self.now))
            #expect(try await Self.stored(database, sha256) == 0, "nothing readable uses them any more")
            #expect(try await documents.content(sha256) == nil)
            let history = try await store.list(zoetermeer, point: "regie")
            #expect(history.map(\.id) == [first.id] && history.first?.removedAt == Self.now && history.first?.file.sha256 == sha256)

            let again = try await store.add(try Self.valid(text), municipality: zoetermeer, point: "regie", id: UUID(), by: official.id, at: Self.now)
            #expect(again.file.sha256 == sha256)
            #expect(try await documents.content(sha256) == Data(text.utf8), "added again, the bytes are back")
        }
    }

    @Test("the evidence removed before migration 63 loses its bytes then; a toolbox document's bytes stay", arguments: TestEngine.available)
    func migration(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await OfferingStoreTests.corpus(database)
            let official = c.author
            let store = EvidenceStore(database: database)
            let zoetermeer = MunicipalityCode("GM0637")!
            let gone = try await store.add(try Self.valid("Oud verslag"), municipality: zoetermeer, point: "regie", id: UUID(), by: official.id, at: Self.now)
            let kept = try await store.add(try Self.valid("Geldend convenant"), municipality: zoetermeer, point: "regie", id: UUID(), by: official.id, at: Self.now)
            let shared = try await store.add(try Self.valid("Ook in de toolbox"), municipality: zoetermeer, point: "regie", id: UUID(), by: official.id, at: Self.now)
            // As migration 62 left them: removed, the bytes still there; one file also a toolbox document's version.
            for removed in [gone, shared] {
                try await database.sql.update("plan_evidence").set("removed_at", to: Self.now).set("removed_by", to: official.id.uppercasedText)
                    .where("id", .equal, removed.id.uppercasedText).run()
            }
            _ = try await DocumentStore(database: database).add(try DocumentStoreTests.upload("toolbox.txt", Array("Ook in de toolbox".utf8), for: c.guide),
                                                                to: c.guide, id: UUID(), by: c.author.id, at: Self.now)
            #expect(try await Self.stored(database, gone.file.sha256) == 11)
            try await database.sql.delete(from: "schema_migrations").where("id", .equal, 63).run()
            #expect(try await Migrator.migrate(database) == [63])
            #expect(try await Self.stored(database, gone.file.sha256) == 0)
            #expect(try await Self.stored(database, kept.file.sha256) == 17, "evidence not removed keeps its bytes")
            #expect(try await Self.stored(database, shared.file.sha256) == 17, "a toolbox document still uses them")
        }
    }
}
