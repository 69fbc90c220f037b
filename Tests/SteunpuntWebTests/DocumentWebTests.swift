import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Toolbox documents over HTTP: uploads checked by content, downloads with their headers, restricted downloads audited")
struct DocumentWebTests {
    /// An API client for one test app: JSON and multipart requests, with or without a token.
    struct API {
        let client: any TestClientProtocol
        let database: Database

        func send(_ method: HTTPRequest.Method, _ path: String, json: String? = nil, multipart: MultipartBody? = nil, as user: User? = nil,
                  headers extra: HTTPFields = [:]) async throws -> TestResponse {
            var headers = extra
            if let user { headers[.authorization] = try await TestApp.bearer(database, user: user, scopes: [.read, .write]) }
            if json != nil { headers[.contentType] = "application/json" }
            if let multipart { headers[.contentType] = multipart.contentType }
            return try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: headers,
                                                   body: json.map { ByteBuffer(string: $0) } ?? multipart?.buffer)
        }

        func upload(_ path: String, name: String, _ bytes: [UInt8], fields: [(String, String)] = [], as user: User?) async throws -> TestResponse {
            try await send(.post, path, multipart: MultipartBody(fields: fields, file: .init(field: "bestand", name: name, bytes: bytes)), as: user)
        }
    }

    static func problems(_ response: TestResponse) throws -> [String] {
        ((try response.json()["invalidParams"] as? [[String: Any]]) ?? []).compactMap { "\($0["name"] ?? "")/\($0["code"] ?? "")" }
    }

    @Test("upload, list and download through the API: headers, digest, revalidation, versions and a stale replacement")
    func apiFlow() async throws {
        try await TestApp.with { client, database in
            let api = API(client: client, database: database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            #expect(try await api.send(.post, "/aanbod", json: ToolboxAPITests.body, as: advisor).status == .created)
            let path = "/aanbod/trainingen-voor-sleutelfiguren/documenten"
            #expect(try await api.upload(path, name: "gids.pdf", DocumentFixtures.pdf, as: nil).status == .unauthorized)
            #expect(try await api.upload(path, name: "gids.pdf", DocumentFixtures.pdf, as: official).status == .forbidden)
            let created = try await api.upload(path, name: "Handreiking één.pdf", DocumentFixtures.pdf, fields: [("titel", "De handreiking")], as: advisor)
            #expect(created.status == .created)
            let document = try created.json()
            let id = try #require(document["id"] as? String)
            #expect(created.headers[.location] == "/api/v1\(path)/\(id)")
            #expect(document["versie"] as? Int == 1 && document["zichtbaarheid"] as? String == "openbaar")
            let file = try #require(document["bestand"] as? [String: Any])
            let sha256 = try #require(file["sha256"] as? String)
            #expect(file["formaat"] as? String == "pdf" && file["grootte"] as? Int == DocumentFixtures.pdf.count && sha256.count == 64)

            let listed = try await api.send(.get, path)
            #expect(listed.status == .ok)
            #expect((try listed.json()["resultaten"] as? [[String: Any]])?.map { $0["titel"] as? String } == ["De handreiking"])

            let download = try await api.send(.get, "\(path)/\(id)/inhoud")
            #expect(download.status == .ok && Array(download.body.readableBytesView) == DocumentFixtures.pdf)
            #expect(download.headers[.contentType] == "application/pdf")
            #expect(download.headers[.contentDisposition] == "attachment; filename=\"Handreiking __n.pdf\"; filename*=UTF-8''Handreiking%20%C3%A9%C3%A9n.pdf")
            #expect(download.headers[.eTag] == "\"\(sha256)\"")
            #expect(download.headers[.reprDigest] == "sha-256=:\(Data(hex: sha256).base64EncodedString()):")
            #expect(download.headers[.contentSecurityPolicy] == "sandbox; default-src 'none'")
            #expect(download.headers[.xContentTypeOptions] == "nosniff")
            #expect(download.headers[.cacheControl] == "public, no-cache")
            let revalidated = try await api.send(.get, "\(path)/\(id)/inhoud", headers: [.ifNoneMatch: "\"\(sha256)\""])
            #expect(revalidated.status == .notModified && revalidated.body.readableBytes == 0)

            let replaced = try await api.upload("\(path)/\(id)/versies", name: "gids.odt", DocumentFixtures.odt, fields: [("versie", "1")], as: advisor)
            let replacedVersion = try replaced.json()["versie"] as? Int
            #expect(replaced.status == .created && replacedVersion == 2)
            let stale = try await api.upload("\(path)/\(id)/versies", name: "gids.txt", Array("tekst".utf8), fields: [("versie", "1")], as: advisor)
            #expect(stale.status == .conflict && stale.headers[.contentType] == "application/problem+json")
            let old = try await api.send(.get, "\(path)/\(id)/versies/1/inhoud")
            #expect(old.status == .ok && Array(old.body.readableBytesView) == DocumentFixtures.pdf, "the first version stays readable")
            let current = try await api.send(.get, "\(path)/\(id)/inhoud")
            #expect(current.headers[.contentType] == "application/vnd.oasis.opendocument.text" && Array(current.body.readableBytesView) == DocumentFixtures.odt)
            let detail = try await api.send(.get, "\(path)/\(id)")
            #expect((try detail.json()["versies"] as? [[String: Any]])?.map { $0["versie"] as? Int } == [2, 1])
            #expect(try await api.send(.get, "\(path)/\(id)/versies/9/inhoud").status == .notFound)
            #expect(try await api.send(.get, "\(path)/\(UUID().uuidString)/inhoud").status == .notFound)

            let found = try await api.send(.get, "/aanbod?q=tienpuntenplan")
            #expect((try found.json()["resultaten"] as? [[String: Any]])?.map { $0["slug"] as? String } == ["trainingen-voor-sleutelfiguren"],
                    "the ODT's words find the offering")
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .documentDownloaded), page: PageRequest()).total == 0,
                    "downloads of public documents are not audited")
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .documentReplaced), page: PageRequest()).total == 1)
        }
    }

    @Test("refused uploads: an executable renamed to .pdf, a DOCX named .odt, too large, no file, a wrong type; 413 past the body limit")
    func refusals() async throws {
        try await TestApp.with(environment: ["STEUNPUNT_MAX_DOCUMENT_BYTES": "4096"]) { client, database in
            let api = API(client: client, database: database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            #expect(try await api.send(.post, "/aanbod", json: ToolboxAPITests.body, as: advisor).status == .created)
            let path = "/aanbod/trainingen-voor-sleutelfiguren/documenten"
            func refused(_ name: String, _ bytes: [UInt8]) async throws -> [String] {
                let response = try await api.upload(path, name: name, bytes, as: advisor)
                #expect(response.status == .badRequest && response.headers[.contentType] == "application/problem+json")
                return try Self.problems(response)
            }
            #expect(try await refused("gids.pdf", DocumentFixtures.windowsExecutable) == ["bestand/content_mismatch"])
            #expect(try await refused("gids.pdf", DocumentFixtures.elfExecutable) == ["bestand/content_mismatch"])
            #expect(try await refused("gids.odt", DocumentFixtures.docx) == ["bestand/content_mismatch"])
            #expect(try await refused("setup.exe", DocumentFixtures.windowsExecutable) == ["bestand/unsupported_file_type"])
            #expect(try await refused("groot.txt", [UInt8](repeating: UInt8(ascii: "a"), count: 5000)) == ["bestand/file_too_large"])
            let noFile = try await api.send(.post, path, multipart: MultipartBody(fields: [("titel", "Zonder bestand")], file: nil), as: advisor)
            #expect(try Self.problems(noFile) == ["bestand/file_required"])
            let huge = try await api.upload(path, name: "huge.txt", [UInt8](repeating: UInt8(ascii: "a"), count: 4096 + 70_000), as: advisor)
            #expect(huge.status == .contentTooLarge && huge.headers[.contentType] == "application/problem+json")
            let json = try await api.send(.post, path, json: "{}", as: advisor)
            #expect(json.status == .unsupportedMediaType)
            #expect((try await api.send(.get, path).json()["resultaten"] as? [Any])?.isEmpty == true, "nothing was stored")
        }
    }

    @Test("a restricted document is refused to outsiders (404) and every download of it is audited")
    func restricted() async throws {
        try await TestApp.with { client, database in
            let api = API(client: client, database: database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            #expect(try await api.send(.post, "/aanbod", json: ToolboxAPITests.body, as: advisor).status == .created)
            let path = "/aanbod/trainingen-voor-sleutelfiguren/documenten"
            let members = try await api.upload(path, name: "leden.txt", Array("Voor ingelogde gebruikers".utf8), fields: [("zichtbaarheid", "ingelogd")], as: advisor)
            let unit = try await api.upload(path, name: "intern.txt", Array("Alleen de unit".utf8), fields: [("zichtbaarheid", "unit")], as: advisor)
            let membersID = try #require(try members.json()["id"] as? String)
            let unitID = try #require(try unit.json()["id"] as? String)
            #expect(try await api.send(.get, "\(path)/\(membersID)/inhoud").status == .notFound, "signed out")
            #expect(try await api.send(.get, "\(path)/\(unitID)/inhoud", as: official).status == .notFound, "another organisation's user")
            #expect(try await api.send(.get, "\(path)/\(unitID)", as: official).status == .notFound)
            let listed = try await api.send(.get, path, as: official)
            #expect((try listed.json()["resultaten"] as? [[String: Any]])?.map { $0["id"] as? String } == [membersID])
            let read = try await api.send(.get, "\(path)/\(membersID)/inhoud", as: official)
            #expect(read.status == .ok && read.headers[.cacheControl] == "private, no-store")
            #expect(try await api.send(.get, "\(path)/\(unitID)/inhoud", as: advisor).status == .ok)
            let audited = try await AuditStore(database: database).search(AuditFilter(action: .documentDownloaded), page: PageRequest())
            #expect(audited.total == 2)
            #expect(Set(audited.items.map(\.event.actor)) == [official.id, advisor.id])
            #expect(Set(audited.items.compactMap(\.event.objectID)) == ["\(membersID)/1", "\(unitID)/1"])
        }
    }

    @Test("pages: the unit uploads with the form (CSRF checked), a refused file shows every problem in Dutch, the document page lists versions")
    func pages() async throws {
        try await TestApp.with { client, database in
            let api = API(client: client, database: database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            #expect(try await api.send(.post, "/aanbod", json: ToolboxAPITests.body, as: advisor).status == .created)
            var browser = Browser(client)
            try await browser.signIn("a@ess.example")
            let offering = try await browser.get("/aanbod/trainingen-voor-sleutelfiguren")
            #expect(offering.text.contains("enctype=\"multipart/form-data\"") && offering.text.contains(#"name="bestand""#))
            var visitor = Browser(client)
            let anonymous = try await visitor.postMultipart("/aanbod/trainingen-voor-sleutelfiguren/documenten", form: [],
                                                            file: .init(field: "bestand", name: "groot.txt", bytes: [UInt8](repeating: 97, count: 20_000)),
                                                            csrf: "vals")
            #expect(anonymous.status == .contentTooLarge, "signed out, a body past the ordinary limit is refused before it is read")
            let forged = try await browser.postMultipart("/aanbod/trainingen-voor-sleutelfiguren/documenten", form: [],
                                                         file: .init(field: "bestand", name: "gids.pdf", bytes: DocumentFixtures.pdf), csrf: "vals")
            #expect(forged.status == .forbidden)
            let bad = try await browser.postMultipart("/aanbod/trainingen-voor-sleutelfiguren/documenten", form: [("titel", "BSN 111222333")],
                                                      file: .init(field: "bestand", name: "gids.pdf", bytes: DocumentFixtures.windowsExecutable))
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("Bestand heeft een inhoud die niet bij de naam past"))
            #expect(bad.text.contains(#"id="titel-fout""#), "the privacy guard on the title, in the same answer")
            #expect(bad.text.contains(#"value="BSN 111222333""#), "what was typed is kept")
            let added = try await browser.postMultipart("/aanbod/trainingen-voor-sleutelfiguren/documenten", form: [("titel", "")],
                                                        file: .init(field: "bestand", name: "Werkvormen.docx", bytes: DocumentFixtures.docx))
            #expect(added.status == .seeOther || added.status == .found)
            let location = try #require(added.headers[.location])
            let page = try await browser.get(location)
            #expect(page.status == .ok && page.text.contains("<h1>Werkvormen</h1>") && page.text.contains("Werkvormen.docx"))
            let replaced = try await browser.postMultipart(location, form: [("versie", "1"), ("titel", "Werkvormen")],
                                                           file: .init(field: "bestand", name: "Werkvormen.txt", bytes: Array("Nieuwe werkvormen".utf8)))
            #expect(replaced.headers[.location] == location)
            let versions = try await browser.get(location)
            #expect(versions.text.contains(location + "/versies/1/bestand") && versions.text.contains("Werkvormen.txt"))
            let stale = try await browser.postMultipart(location, form: [("versie", "1")],
                                                        file: .init(field: "bestand", name: "oud.txt", bytes: Array("oud".utf8)))
            #expect(stale.status == .conflict && stale.text.contains("iemand anders verving het document intussen"))
            let signedOut = try await client.executeRequest(uri: "/aanbod/trainingen-voor-sleutelfiguren", method: .get, headers: [:], body: nil)
            #expect(String(buffer: signedOut.body).contains("Werkvormen") && !String(buffer: signedOut.body).contains(#"name="bestand""#),
                    "visitors see the public document, not the upload form")
            let download = try await client.executeRequest(uri: location + "/bestand", method: .get, headers: [:], body: nil)
            #expect(download.status == .ok && String(buffer: download.body) == "Nieuwe werkvormen")
        }
    }
}

@Suite("Knowledge base over HTTP: questions page, links on the offering page, links in the API, document snippets")
struct KnowledgeWebTests {
    @Test("the questions page groups what the reader may see; an offering shows its questions; the API carries the links")
    func questions() async throws {
        try await TestApp.with { client, database in
            let api = DocumentWebTests.API(client: client, database: database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            #expect(try await api.send(.post, "/aanbod", json: ToolboxAPITests.body, as: advisor).status == .created)
            let question = #"{"soort":"veelgestelde-vraag","titel":"Hoe vraag ik een training aan?","samenvatting":"Via de expertise-unit, die de training op maat maakt.","doelgroepen":["gemeenten"],"behoeften":["training-professionals-sleutelfiguren"],"aanbieder":"szw-ess","gerelateerd":["/aanbod/trainingen-voor-sleutelfiguren"]}"#
            let created = try await api.send(.post, "/aanbod", json: question, as: advisor)
            let links = try created.json()["gerelateerd"] as? [String]
            #expect(created.status == .created && links == ["trainingen-voor-sleutelfiguren"])
            let hidden = question.replacingOccurrences(of: "Hoe vraag ik een training aan?", with: "Interne vraag")
                .replacingOccurrences(of: #""gerelateerd""#, with: #""zichtbaarheid":"unit","gerelateerd""#)
            #expect(try await api.send(.post, "/aanbod", json: hidden, as: advisor).status == .created)
            let unknown = question.replacingOccurrences(of: "/aanbod/trainingen-voor-sleutelfiguren", with: "bestaat-niet")
                .replacingOccurrences(of: "Hoe vraag ik", with: "Waar vraag ik")
            #expect(try DocumentWebTests.problems(try await api.send(.post, "/aanbod", json: unknown, as: advisor)) == ["gerelateerd/unknown_offering"])

            let page = try await client.executeRequest(uri: "/vragen", method: .get, headers: [:], body: nil)
            let html = String(buffer: page.body)
            #expect(page.status == .ok && html.contains("<summary>Hoe vraag ik een training aan?</summary>"))
            #expect(html.contains("Via de expertise-unit, die de training op maat maakt."))
            #expect(!html.contains("Interne vraag"), "visitors see public questions only")
            let offering = try await client.executeRequest(uri: "/aanbod/trainingen-voor-sleutelfiguren", method: .get, headers: [:], body: nil)
            #expect(String(buffer: offering.body).contains(#"<a href="/aanbod/hoe-vraag-ik-een-training-aan">Hoe vraag ik een training aan?</a>"#),
                    "the offering shows the question that points to it")
            let search = try await client.executeRequest(uri: "/zoeken?soort=veelgestelde-vraag&q=training", method: .get, headers: [:], body: nil)
            #expect(String(buffer: search.body).contains("Hoe vraag ik een training aan?")
                    && !String(buffer: search.body).contains(#"href="/aanbod/trainingen-voor-sleutelfiguren""#), "the kind filter keeps to questions")
        }
    }

    @Test("a hit found only in a document shows the passage from that document, named")
    func documentSnippet() async throws {
        try await TestApp.with { client, database in
            let api = DocumentWebTests.API(client: client, database: database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            #expect(try await api.send(.post, "/aanbod", json: ToolboxAPITests.body, as: advisor).status == .created)
            #expect(try await api.upload("/aanbod/trainingen-voor-sleutelfiguren/documenten", name: "werkvormen.docx", DocumentFixtures.docx,
                                         as: advisor).status == .created)
            let search = try await client.executeRequest(uri: "/zoeken?q=tienpuntenplan", method: .get, headers: [:], body: nil)
            let html = String(buffer: search.body)
            #expect(html.contains("In document ‘werkvormen’:") && html.contains("<mark>tienpuntenplan</mark>"))
        }
    }
}
