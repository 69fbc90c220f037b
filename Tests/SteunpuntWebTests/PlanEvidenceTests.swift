import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("The 10-point plan: evidence documents on a point, in the pages and the API")
struct PlanEvidenceTests {
    static func file(_ name: String, _ bytes: [UInt8]) -> MultipartBody.File {
        MultipartBody.File(field: "bestand", name: name, bytes: bytes)
    }

    static func audited(_ database: Database, _ action: AuditEvent.Action) async throws -> Int {
        try await AuditStore(database: database).search(AuditFilter(action: action), page: PageRequest()).total
    }

    @Test("the official adds a document to a point (checked as toolbox documents: every problem at once, nothing stored), downloads and removes it; the history keeps both; the unit reads and downloads (audited); others are refused")
    func pages() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            _ = try await TestApp.user(database, email: "dirk@delft.example", organisation: "GM0503", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adam@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let store = EvidenceStore(database: database), code = MunicipalityCode("GM0637")!
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            let empty = try await official.get("/tienpuntenplan/GM0637/regie")
            #expect(empty.text.contains("Er zijn nog geen bewijsstukken toegevoegd.") && empty.text.contains("action=\"/tienpuntenplan/GM0637/regie/bewijsstukken\""))
            #expect(empty.text.contains("tot 21,0 MB"), "the hint names the size limit (20 MiB)")

            // A PDF with a citizen service number in its text, and a title with one: both problems at once.
            let refused = try await official.postMultipart("/tienpuntenplan/GM0637/regie/bewijsstukken", form: [("titel", "Dossier 111222333")],
                                                           file: Self.file("besluit.pdf", DocumentFixtures.pdfPlainBSN))
            #expect(refused.status == .badRequest && refused.text.contains("id=\"bestand-fout\"") && refused.text.contains("id=\"titel-fout\""))
            #expect(refused.text.contains("value=\"Dossier 111222333\""), "the typed title is kept to be corrected")
            let renamed = try await official.postMultipart("/tienpuntenplan/GM0637/regie/bewijsstukken", form: [],
                                                           file: Self.file("besluit.pdf", DocumentFixtures.docx))
            #expect(renamed.status == .badRequest && renamed.text.contains("id=\"bestand-fout\""), "a DOCX named .pdf is refused by its content")
            #expect(try await store.list(code, point: "regie").isEmpty, "nothing of a refused upload is stored")

            let added = try await official.postMultipart("/tienpuntenplan/GM0637/regie/bewijsstukken", form: [("titel", "Collegebesluit regie")],
                                                         file: Self.file("collegebesluit.odt", DocumentFixtures.odt))
            #expect(added.status == .seeOther && added.headers[.location] == "/tienpuntenplan/GM0637/regie?gedaan=bewijsstuk#bewijsstukken")
            let listed = try await official.get("/tienpuntenplan/GM0637/regie?gedaan=bewijsstuk")
            let document = try #require(try await store.list(code, point: "regie").first)
            let href = "/tienpuntenplan/GM0637/regie/bewijsstukken/\(document.id.lowercasedText)"
            #expect(listed.text.contains("Het bewijsstuk is toegevoegd.") && listed.text.contains("href=\"\(href)\">Collegebesluit regie</a>"))
            #expect(listed.text.contains("ODT,") && listed.text.contains("door Gina Gemeente") && listed.text.contains("bewijsstuk toegevoegd"))
            let plan = try await official.get("/tienpuntenplan/GM0637")
            #expect(plan.text.contains("<span class=\"hint\">1 bewijsstuk</span>"), "the plan shows how many documents a point holds")
            let download = try await official.get(href)
            #expect(download.status == .ok && Array(download.body.readableBytesView) == DocumentFixtures.odt)
            #expect(download.headers[.contentType] == DocumentFormat.odt.mediaType && download.headers[.cacheControl] == "private, no-store")
            let (downloads, additions) = (try await Self.audited(database, .planEvidenceDownloaded), try await Self.audited(database, .planEvidenceAdded))
            #expect(downloads == 1 && additions == 1)

            // Another municipality neither reads nor adds.
            var delft = Browser(client)
            try await delft.signIn("dirk@delft.example")
            #expect(try await delft.get(href).status == .forbidden)
            _ = try await delft.get("/tienpuntenplan/GM0503/regie")
            #expect(try await delft.postMultipart("/tienpuntenplan/GM0637/regie/bewijsstukken", form: [], file: Self.file("a.txt", Array("tekst".utf8))).status == .forbidden)

            // The unit reads the list and downloads, audited; it neither adds nor removes.
            var unit = Browser(client)
            try await unit.signIn("adam@ess.example")
            let read = try await unit.get("/tienpuntenplan/GM0637/regie")
            #expect(read.text.contains("href=\"\(href)\"") && !read.text.contains("/bewijsstukken/\(document.id.lowercasedText)/verwijderen")
                    && !read.text.contains("enctype=\"multipart/form-data\""))
            #expect(try await unit.get(href).status == .ok)
            #expect(try await Self.audited(database, .planEvidenceDownloaded) == 2)
            #expect(try await unit.post("\(href)/verwijderen", form: []).status == .forbidden)
            #expect(try await unit.postMultipart("/tienpuntenplan/GM0637/regie/bewijsstukken", form: [], file: Self.file("a.txt", Array("tekst".utf8))).status == .forbidden)

            _ = try await official.get("/tienpuntenplan/GM0637/regie")
            let removed = try await official.post("\(href)/verwijderen", form: [])
            #expect(removed.status == .seeOther && removed.headers[.location] == "/tienpuntenplan/GM0637/regie?gedaan=bewijsstuk-verwijderd#bewijsstukken")
            let after = try await official.get("/tienpuntenplan/GM0637/regie?gedaan=bewijsstuk-verwijderd")
            #expect(after.text.contains("Het bewijsstuk is verwijderd.") && after.text.contains("Er zijn nog geen bewijsstukken toegevoegd."))
            #expect(after.text.contains("bewijsstuk verwijderd") && after.text.contains("Collegebesluit regie (collegebesluit.odt)"), "the history keeps both")
            #expect(try await official.get(href).status == .notFound, "a removed document is no longer served")
            #expect(try await official.post("\(href)/verwijderen", form: []).status == .notFound)
            #expect(try await Self.audited(database, .planEvidenceRemoved) == 1)
        }
    }

    @Test("the API: add (201, Location), list, read, download (audited) and remove (204) on both engines; every problem at once; at most 20 on a point; others refused",
          arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let api = DocumentWebTests.API(client: client, database: database)
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let delft = try await TestApp.user(database, email: "dirk@delft.example", organisation: "GM0503", role: .municipalOfficial)
            let coordinator = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let analyst = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let path = "/gemeenten/GM0637/plan-voortgang/samenwerking/bewijsstukken"

            let refused = try await api.upload(path, name: "convenant.txt", Array("Convenant, dossier 111222333".utf8), fields: [("titel", String(repeating: "x", count: 151))], as: official)
            #expect(refused.status == .badRequest && refused.headers[.contentType] == "application/problem+json")
            let problems = try DocumentWebTests.problems(refused)
            #expect(Set(problems) == ["bestand/personal_identifier_bsn", "titel/too_long"], "\(problems)")
            #expect(try await api.upload(path, name: "convenant.txt", Array("Convenant".utf8), as: delft).status == .forbidden)
            #expect(try await api.upload(path, name: "convenant.txt", Array("Convenant".utf8), as: coordinator).status == .forbidden)
            #expect(try await api.upload("/gemeenten/GM0637/plan-voortgang/geen-punt/bewijsstukken", name: "c.txt", Array("C".utf8), as: official).status == .notFound)

            let created = try await api.upload(path, name: "Convenant veiligheidshuis.txt", Array("Convenant met politie en scholen.".utf8), as: official)
            #expect(created.status == .created)
            let body = try created.json()
            let id = try #require(body["id"] as? String)
            #expect(created.headers[.location] == "/api/v1\(path)/\(id)")
            #expect(body["titel"] as? String == "Convenant veiligheidshuis" && body["formaat"] as? String == "txt" && body["grootte"] as? Int == 33)

            let listed = try await api.send(.get, path, as: coordinator)
            let ids = (try listed.json()["resultaten"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
            #expect(listed.status == .ok && ids == [id])
            #expect(try await api.send(.get, path, as: analyst).status == .forbidden)
            #expect(try await api.send(.get, path, as: delft).status == .forbidden)
            let point = try await api.send(.get, "/gemeenten/GM0637/plan-voortgang/samenwerking", as: official)
            #expect(((try point.json()["_links"] as? [String: Any])?["bewijsstukken"] as? [String: Any])?["href"] as? String == "/api/v1\(path)")
            #expect(try await api.send(.get, "\(path)/\(id)", as: official).status == .ok)
            let download = try await api.send(.get, "\(path)/\(id)/inhoud", as: coordinator)
            #expect(download.status == .ok && String(buffer: download.body) == "Convenant met politie en scholen.")
            #expect(try await PlanEvidenceTests.audited(database, .planEvidenceDownloaded) == 1)

            #expect(try await api.send(.delete, "\(path)/\(id)", as: coordinator).status == .forbidden)
            #expect(try await api.send(.delete, "\(path)/\(id)", as: official).status == .noContent)
            #expect(try await api.send(.delete, "\(path)/\(id)", as: official).status == .notFound)
            #expect(try await api.send(.get, "\(path)/\(id)/inhoud", as: official).status == .notFound)
            #expect((try await api.send(.get, path, as: official).json()["resultaten"] as? [Any])?.isEmpty == true)

            // At most 20 documents on a point at a time; a removed one no longer counts.
            let store = EvidenceStore(database: database), code = MunicipalityCode("GM0637")!
            let valid = try EvidenceDraft(file: UploadedFile(fileName: "verslag.txt", bytes: Array("Verslag".utf8))).validated(sizeLimit: 1_000)
            for _ in 0..<EvidenceDocument.limitPerPoint {
                _ = try await store.add(valid, municipality: code, point: "samenwerking", id: UUID(), by: official.id, at: Date())
            }
            let full = try await api.upload(path, name: "nog-een.txt", Array("Nog een".utf8), as: official)
            let limit = try DocumentWebTests.problems(full)
            #expect(full.status == .badRequest && limit == ["bestand/evidence_limit"])
        }
    }
}
