import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Each audited action, done as a user does it, writes its entry: by whom, on what. These
/// are the actions independent testing found without a test of their entry (issue 14.14).
@Suite("Audit trail: every audited action writes its entry")
struct AuditCoverageTests {
    @Test("filing, a status step, a message, an activity, a document, organisations and users made and changed, signing out everywhere", arguments: TestEngine.available)
    func entries(engine: TestEngine) async throws {
        try await TestApp.with(engine, maxBodyBytes: 65_536) { client, database in
            let audit = AuditStore(database: database)
            func entry(_ action: AuditEvent.Action, by user: User, object: String? = nil) async throws -> Bool {
                let page = try await audit.search(AuditFilter(action: action, actor: user.id), page: PageRequest())
                return page.items.contains { (record: AuditRecord) in object == nil || record.event.objectID?.lowercased() == object?.lowercased() }
            }
            let desk = try await TestApp.user(database, email: "d@vng.example", organisation: "vng-loket", role: .deskAgent)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let admin = try await TestApp.user(database, email: "beheer@nctv.example", organisation: "nctv", role: .administrator)
            func api(_ method: HTTPRequest.Method, _ path: String, _ json: String, as user: User) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1" + path, method: method,
                                                headers: [.authorization: try await TestApp.bearer(database, user: user, scopes: [.read, .write]), .contentType: "application/json"],
                                                body: ByteBuffer(string: json))
            }
            let filed = try await api(.post, "/hulpvragen", #"{"titel":"Vraag","omschrijving":"Graag advies.","aanvrager":"GM0637","gemeente":"GM0637","behoeften":["informatievraag"],"kanaal":"telefoon"}"#, as: desk)
            let id = try #require(try filed.json()["id"] as? String)
            #expect(try await entry(.requestCreated, by: desk, object: id))
            #expect(try await api(.post, "/hulpvragen/\(id)/statuswijzigingen", #"{"actie":"in-behandeling-nemen"}"#, as: desk).status == .created)
            #expect(try await entry(.requestChanged, by: desk))
            #expect(try await api(.post, "/hulpvragen/\(id)/berichten", #"{"tekst":"Wij nemen contact op.","intern":false}"#, as: desk).status == .created)
            #expect(try await entry(.requestMessage, by: desk))
            // Activities are the unit's: a request filed straight with the unit.
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let direct = try await api(.post, "/hulpvragen", #"{"titel":"Advies","omschrijving":"Graag advies.","aanvrager":"GM0637","gemeente":"GM0637","behoeften":["informatievraag"],"kanaal":"unit-direct"}"#, as: coordinator)
            let unitRequest = try #require(try direct.json()["id"] as? String)
            let activity = try await api(.post, "/hulpvragen/\(unitRequest)/activiteiten", #"{"soort":"adviesgesprek","datum":"2026-11-02","uren":1,"deelnemers":2}"#, as: coordinator)
            #expect(activity.status == .created, "\(activity.text)")
            #expect(try await entry(.requestActivity, by: coordinator, object: unitRequest))

            let offering = #"{"soort":"training","titel":"Training sleutelfiguren","samenvatting":"Voor sleutelfiguren.","doelgroepen":["sleutelfiguren"],"aanbieder":"szw-ess"}"#
            #expect(try await api(.post, "/aanbod", offering, as: advisor).status == .created)
            let upload = MultipartBody(fields: [("titel", "Handreiking")], file: .init(field: "bestand", name: "handreiking.txt", bytes: Array("Een tekst.".utf8), contentType: "text/plain"))
            let added = try await client.executeRequest(uri: "/api/v1/aanbod/training-sleutelfiguren/documenten", method: .post,
                                                        headers: [.authorization: try await TestApp.bearer(database, user: advisor, scopes: [.read, .write]), .contentType: upload.contentType],
                                                        body: upload.buffer)
            #expect(added.status == .created)
            #expect(try await entry(.documentAdded, by: advisor))

            var browser = Browser(client)
            try await browser.signIn("beheer@nctv.example")
            _ = try await browser.get("/beheer/organisaties/nieuw")
            #expect(try await browser.post("/beheer/organisaties", form: [("id", "partner-x"), ("naam", "Partner X"), ("soort", "partner")]).status == .seeOther)
            #expect(try await entry(.organisationCreated, by: admin, object: "partner-x"))
            _ = try await browser.get("/beheer/organisaties/partner-x/bewerken")
            #expect(try await browser.post("/beheer/organisaties/partner-x", form: [("naam", "Partner X en Y"), ("soort", "partner"), ("actief", "ja")]).status == .seeOther)
            #expect(try await entry(.organisationUpdated, by: admin, object: "partner-x"))
            _ = try await browser.get("/beheer/gebruikers/nieuw")
            let created = try await browser.post("/beheer/gebruikers", form: [("email", "nieuw@vng.example"), ("naam", "Nieuwe Collega"), ("organisatie", "vng-loket"),
                                                                             ("rol", "loket-medewerker"), ("wachtwoord", "een lang en sterk wachtwoord 2026")])
            #expect(created.status == .seeOther || created.status == .created, "\(created.status)")
            #expect(try await entry(.userCreated, by: admin))
            _ = try await browser.get("/mijn-account")
            #expect(try await browser.post("/mijn-account/overal-uitloggen", form: []).status == .seeOther)
            #expect(try await entry(.signOutEverywhere, by: admin))
            #expect(try await audit.verify().breaks.isEmpty, "the chain holds")
        }
    }
}
