import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Toolbox documents in storage: versions, digests, visibility, document text in the search")
struct DocumentStoreTests {
    static func upload(_ name: String, _ bytes: [UInt8], for offering: Offering, title: String? = nil, visibility: Visibility? = nil,
                       current: OfferingDocument? = nil) throws -> DocumentDraft.Valid {
        try DocumentDraft(title: title, visibility: visibility?.rawValue, file: UploadedFile(fileName: name, bytes: bytes))
            .validated(for: offering, current: current, sizeLimit: 1 << 20)
    }

    @Test("a replaced file is the next version; every version's bytes stay readable and match their SHA-256", arguments: TestEngine.available)
    func versions(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await OfferingStoreTests.corpus(database)
            let store = DocumentStore(database: database)
            let first = try await store.add(try Self.upload("handreiking.pdf", DocumentFixtures.pdf, for: c.guide), to: c.guide, id: UUID(),
                                            by: c.author.id, at: OfferingStoreTests.now)
            #expect(first.version == 1 && first.title == "handreiking" && first.file.sha256.count == 64)
            let second = try await store.replace(first, with: try Self.upload("handreiking-2.odt", DocumentFixtures.odt, for: c.guide, current: first),
                                                 by: c.author.id, at: OfferingStoreTests.now.addingTimeInterval(60))
            #expect(second.version == 2 && second.file.format == .odt && second.title == "handreiking")
            await #expect(throws: DomainError.conflict("document_changed")) {
                _ = try await store.replace(first, with: try Self.upload("x.txt", Array("tekst".utf8), for: c.guide, current: first),
                                            by: c.author.id, at: OfferingStoreTests.now)
            }
            let versions = try await store.versions(first.id)
            #expect(versions.map(\.version) == [2, 1])
            #expect(versions.map(\.fileName) == ["handreiking-2.odt", "handreiking.pdf"])
            #expect(try await store.content(versions[1].sha256) == Data(DocumentFixtures.pdf))
            #expect(try await store.content(versions[0].sha256) == Data(DocumentFixtures.odt))
            #expect(try await store.get(first.id, of: c.guide.id, reach: .publicAccess) == second)
            // The same bytes uploaded twice are stored once.
            _ = try await store.add(try Self.upload("kopie.pdf", DocumentFixtures.pdf, for: c.guide), to: c.guide, id: UUID(), by: c.author.id,
                                    at: OfferingStoreTests.now)
            let stored = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("document_contents").first()
            #expect(try stored?.decode(column: "n", as: Int.self) == 2)
        }
    }

    @Test("a document is read within the reader's reach, for itself and for its offering", arguments: TestEngine.available)
    func visibility(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await OfferingStoreTests.corpus(database)
            let store = DocumentStore(database: database)
            let open = try await store.add(try Self.upload("open.txt", Array("openbaar".utf8), for: c.guide), to: c.guide, id: UUID(),
                                           by: c.author.id, at: OfferingStoreTests.now)
            let restricted = try await store.add(try Self.upload("intern.txt", Array("intern".utf8), for: c.guide, visibility: .unitOnly),
                                                 to: c.guide, id: UUID(), by: c.author.id, at: OfferingStoreTests.now)
            let members = try await store.add(try Self.upload("leden.txt", Array("leden".utf8), for: c.members), to: c.members, id: UUID(),
                                              by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await store.list(c.guide.id, reach: .publicAccess).map(\.id) == [open.id])
            #expect(try await store.list(c.guide.id, reach: .unitOnly).map(\.id) == [restricted.id, open.id])
            #expect(try await store.get(restricted.id, of: c.guide.id, reach: .signedIn) == nil)
            #expect(try await store.get(members.id, of: c.members.id, reach: .publicAccess) == nil, "the offering's visibility counts too")
            #expect(try await store.get(members.id, of: c.guide.id, reach: .unitOnly) == nil, "a document is read under its own offering only")
            #expect(restricted.isRestricted && members.isRestricted && !open.isRestricted)
        }
    }

    @Test("the text of office documents is searched with the offering, a restricted document's text is not", arguments: TestEngine.available)
    func searchText(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let c = try await OfferingStoreTests.corpus(database)
            let store = DocumentStore(database: database)
            func hits(_ text: String, reach: Visibility = .unitOnly) async throws -> [UUID] {
                try await c.store.search(OfferingFilter(text: text), reach: reach, page: PageRequest(size: 50)).items.map(\.id)
            }
            #expect(try await hits("tienpuntenplan").isEmpty)
            _ = try await store.add(try Self.upload("plan.docx", DocumentFixtures.docx, for: c.trainings), to: c.trainings, id: UUID(),
                                    by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await hits("tienpuntenplan") == [c.trainings.id], "a word only in the DOCX finds its offering")
            #expect(try await hits("jongerenwerker") == [c.trainings.id], "stemmed like the offering's own text")
            _ = try await store.add(try Self.upload("intern.txt", Array("Vertrouwelijke casusbespreking".utf8), for: c.guide, visibility: .unitOnly),
                                    to: c.guide, id: UUID(), by: c.author.id, at: OfferingStoreTests.now)
            #expect(try await hits("casusbespreking").isEmpty, "a document more restricted than its offering stays out of the index")
            // Editing the offering keeps the document words.
            let edited = try await c.store.update(c.trainings, with: try OfferingStoreTests.draft("Trainingen voor sleutelfiguren", summary: "Nieuw.",
                                                  kind: .training, audiences: [.professionals]), by: c.author.id, at: OfferingStoreTests.now)
            #expect(edited.version == 2)
            #expect(try await hits("tienpuntenplan") == [c.trainings.id])
            let texts = try await store.texts(of: [c.trainings.id, c.guide.id], reach: .signedIn)
            #expect(texts[c.trainings.id]?.first?.text.contains("tienpuntenplan") == true)
            #expect(texts[c.guide.id] == nil, "texts keep to the reader's reach")
        }
    }
}
