import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: one's own notifications and mail preferences")
struct NotificationAPITests {
    @Test("a system lists its user's notifications, marks one read and sets the mail preferences; never another's", arguments: TestEngine.available)
    func notificationsAndPreferences(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> RequestAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return RequestAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            func send(_ who: RequestAPITests.Caller, _ method: HTTPRequest.Method, _ path: String, _ json: String) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: [.authorization: who.auth, .contentType: "application/json"],
                                                body: ByteBuffer(string: json))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let desk = try await caller("lotte@vng.example", "vng-loket", .deskAgent)
            let filed = try await official.post("/hulpvragen", #"""
                {"titel":"Netwerk sleutelfiguren","omschrijving":"Vertrouwelijke uitleg","behoeften":["informatievraag"],"kanaal":"vng-loket"}
                """#)
            #expect(filed.status == .created)
            let requestID = try #require(try filed.json()["id"] as? String)

            let list = try await desk.get("/meldingen")
            #expect(list.status == .ok && list.headers[.init("X-Total-Count")!] == "1")
            let item = try #require((try list.json()["resultaten"] as? [[String: Any]])?.first)
            #expect(item["soort"] as? String == "ingediend" && item["objectType"] as? String == "hulpvraag" && item["object"] as? String == "/api/v1/hulpvragen/\(requestID)")
            #expect(item["titel"] as? String == "Netwerk sleutelfiguren" && item["gelezenOp"] == nil && !list.text.contains("Vertrouwelijke"))
            let id = try #require(item["id"] as? String)
            #expect(try await official.get("/meldingen/\(id)").status == .notFound, "another's notification is not found")
            #expect(try await send(official, .patch, "/meldingen/\(id)", #"{"gelezen":true}"#).status == .notFound)
            let refused = try await send(desk, .patch, "/meldingen/\(id)", #"{"gelezen":false}"#)
            #expect(refused.status == .badRequest && refused.text.contains("gelezen"))
            let read = try await send(desk, .patch, "/meldingen/\(id)", #"{"gelezen":true}"#)
            let readAt = try read.json()["gelezenOp"] as? String
            #expect(read.status == .ok && readAt != nil)

            let preferences = try await desk.get("/voorkeuren").json()
            #expect((preferences["bezorging"] as? [String: String])?["ingediend"] == "direct" && preferences["uurDagoverzicht"] as? Int == 8)
            let wrong = try await send(official, .put, "/voorkeuren", #"{"uurDagoverzicht":24,"taal":"de"}"#)
            let names = Set((try wrong.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            #expect(wrong.status == .badRequest && names == ["bezorging", "uurDagoverzicht", "taal"], "every problem at once")
            let saved = try await send(official, .put, "/voorkeuren", #"{"bezorging":{"bericht":"uit","ingediend":"uit"},"uurDagoverzicht":7,"taal":"en"}"#)
            #expect(saved.status == .ok)
            let stored = try await official.get("/voorkeuren").json()
            #expect((stored["bezorging"] as? [String: String]) == ["bericht": "uit", "vraag-aan-u": "direct", "afgesloten": "direct", "quickscan-herinnering": "direct",
                                                                 "tienpuntenplan-herinnering": "direct",
                                                                 "leerkring-uitnodiging": "direct", "leerkring-besluit": "direct", "inschrijving-bevestigd": "direct", "op-wachtlijst": "direct", "plaats-aangeboden": "direct",
                                                                 "bijeenkomst-herinnering": "direct", "bijeenkomst-gewijzigd": "direct",
                                                                 "bijeenkomst-geannuleerd": "direct", "inschrijving-geannuleerd": "direct"],
                    "the kinds of one's role; a choice for another kind is kept for when the role changes")
            #expect(stored["uurDagoverzicht"] as? Int == 7 && stored["taal"] as? String == "en")
        }
    }
}
