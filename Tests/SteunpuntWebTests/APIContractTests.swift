import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API contract: what independent testing found answered off the contract")
struct APIContractTests {
    @Test("a multipart text field that is not UTF-8 is refused (400 on the field), not stored with replacement characters", arguments: TestEngine.available)
    func invalidUTF8(engine: TestEngine) async throws {
        try await TestApp.with(engine, maxBodyBytes: 65_536) { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let auth = try await TestApp.bearer(database, user: advisor, scopes: [.read, .write])
            let offering = #"{"soort":"training","titel":"Training sleutelfiguren","samenvatting":"Voor sleutelfiguren.","doelgroepen":["sleutelfiguren"],"aanbieder":"szw-ess"}"#
            #expect(try await client.executeRequest(uri: "/api/v1/aanbod", method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                                                    body: ByteBuffer(string: offering)).status == .created)
            let boundary = "----grens"
            var body = ByteBuffer()
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"titel\"\r\n\r\nHandreiking ")
            body.writeBytes([0xFF, 0xFE, 0x41])
            body.writeString("\r\n--\(boundary)\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"tekst.txt\"\r\nContent-Type: text/plain\r\n\r\nEen tekst.\r\n--\(boundary)--\r\n")
            let response = try await client.executeRequest(uri: "/api/v1/aanbod/training-sleutelfiguren/documenten", method: .post,
                                                           headers: [.authorization: auth, .contentType: "multipart/form-data; boundary=\(boundary)"], body: body)
            #expect(response.status == .badRequest && response.text.contains(#""name":"titel""#) && response.text.contains("invalid_utf8"))
            let stored = try await database.sql.raw("SELECT COUNT(*) AS n FROM offering_documents").first()?.decode(column: "n", as: Int.self)
            #expect(stored == 0)
        }
    }

    @Test("an operation that needs a token answers 401 with WWW-Authenticate without one, also where it hides from the wrong role (404)")
    func versionsNeedAToken() async throws {
        try await TestApp.with { client, database in
            let unauthenticated = try await client.executeRequest(uri: "/api/v1/aanbod/iets/versies", method: .get, headers: [:], body: nil)
            #expect(unauthenticated.status == .unauthorized && unauthenticated.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let official = try await TestApp.user(database, email: "g@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let auth = try await TestApp.bearer(database, user: official)
            #expect(try await client.executeRequest(uri: "/api/v1/aanbod/iets/versies", method: .get, headers: [.authorization: auth], body: nil).status == .notFound)
        }
    }

    @Test("every list refuses a search text over 200 characters, the API and the pages alike")
    func searchLength() async throws {
        try await TestApp.with { client, database in
            let desk = try await TestApp.user(database, email: "d@vng.example", organisation: "vng-loket", role: .deskAgent)
            let auth = try await TestApp.bearer(database, user: desk)
            let long = String(repeating: "a", count: 201)
            for path in ["/hulpvragen?zoek=", "/organisaties?zoek=", "/gemeenten?zoek=", "/aanbod?q="] {
                let response = try await client.executeRequest(uri: "/api/v1" + path + long, method: .get, headers: [.authorization: auth], body: nil)
                #expect(response.status == .badRequest && response.text.contains("too_long"), "\(path)")
                let fine = try await client.executeRequest(uri: "/api/v1" + path + "aanpak", method: .get, headers: [.authorization: auth], body: nil)
                #expect(fine.status == .ok, "\(path)")
            }
        }
    }

    @Test("a field the OpenAPI document does not allow there is refused, at any depth")
    func unknownFields() async throws {
        try await TestApp.with { client, database in
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let auth = try await TestApp.bearer(database, user: coordinator, scopes: [.read, .write])
            let instrument = try #require(try await InstrumentStore(database: database).list().first)
            let body = #"{"titel":"Ronde","vragenlijst":{"id":"\#(instrument.instrumentID.uuidString)","versie":1,"onbekend":true},"opent":"2027-01-04","sluit":"2027-02-26","gemeenten":["GM0637"]}"#
            let response = try await client.executeRequest(uri: "/api/v1/quickscans/rondes", method: .post,
                                                           headers: [.authorization: auth, .contentType: "application/json"], body: ByteBuffer(string: body))
            let names = Set(((try response.json()["invalidParams"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            #expect(response.status == .badRequest && names == ["vragenlijst.onbekend"], "\(names) \(response.text)")
            #expect(try await RoundStore(database: database).list().isEmpty)
            let schemas = RequestBodySchemas.shipped
            #expect(schemas.unknownFields(in: ["titel": "x"], method: "POST", path: "/api/v1/quickscans/rondes").isEmpty)
        }
    }

    @Test("null is refused where the document does not allow it (not read as absent), and allowed where it does (clearing an answer)")
    func nulls() async throws {
        let schemas = RequestBodySchemas.shipped
        let filed = schemas.unknownFields(in: ["titel": "x", "contactvoorkeur": NSNull(), "behoeften": [NSNull()]], method: "POST", path: "/api/v1/hulpvragen")
        #expect(Set(filed.map(\.field)) == ["contactvoorkeur", "behoeften[0]"] && filed.allSatisfy { $0.code == "null_not_allowed" }, "\(filed)")
        let answers = schemas.unknownFields(in: ["antwoorden": ["toelichting-context": NSNull(), "schaal": 3]], method: "PATCH",
                                            path: "/api/v1/quickscans/rondes/\(UUID())/antwoorden/GM0637")
        #expect(answers.isEmpty, "\(answers)")
        try await TestApp.with { client, database in
            let official = try await TestApp.user(database, email: "g@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let auth = try await TestApp.bearer(database, user: official, scopes: [.read, .write])
            let body = #"{"titel":"Vraag","omschrijving":"Uitleg","behoeften":["informatievraag"],"kanaal":"vng-loket","contactvoorkeur":null}"#
            let response = try await client.executeRequest(uri: "/api/v1/hulpvragen", method: .post,
                                                           headers: [.authorization: auth, .contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(response.status == .badRequest && response.text.contains("null_not_allowed"), "\(response.text)")
            #expect(try await RequestStore(database: database).list(RequestFilter(), scope: .requester(OrganisationID("GM0637")!), page: PageRequest()).total == 0)
        }
    }
}
