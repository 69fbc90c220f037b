import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("The needs taxonomy, extended by administrators")
struct NeedsAdminTests {
    @Test("an administrator adds and retires a need in the UI; it appears in the request form only while active")
    func page() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var admin = Browser(client)
            _ = try await admin.signIn("b@nctv.example")
            #expect(try await admin.get("/beheer/behoeften").status == .ok)
            let bad = try await admin.post("/beheer/behoeften", form: [("code", "Online Polarisatie"), ("naam", ""), ("naamEngels", "x"),
                                                                       ("termijnEersteReactie", "10"), ("termijnAfhandeling", "5")])
            #expect(bad.status == .badRequest && bad.text.contains(#"id="code-fout""#) && bad.text.contains("Vul een naam in")
                    && bad.text.contains("kan niet korter zijn"))
            let taken = try await admin.post("/beheer/behoeften", form: [("code", "informatievraag"), ("naam", "Dubbel"), ("naamEngels", "Double"),
                                                                         ("termijnEersteReactie", "1"), ("termijnAfhandeling", "5")])
            #expect(taken.status == .badRequest && taken.text.contains("bestaat al"))
            #expect(try await admin.post("/beheer/behoeften", form: [("code", "online-polarisatie"), ("naam", "Online polarisatie"),
                                                                     ("naamEngels", "Online polarisation"), ("termijnEersteReactie", "2"),
                                                                     ("termijnAfhandeling", "15")]).status == .seeOther)
            var official = Browser(client)
            _ = try await official.signIn("gina@zoetermeer.example")
            #expect(try await official.get("/hulpvragen/nieuw").text.contains("Online polarisatie"))
            #expect(try await official.get("/beheer/behoeften").status == .forbidden)

            _ = try await admin.get("/beheer/behoeften?bewerken=online-polarisatie")
            #expect(try await admin.post("/beheer/behoeften", form: [("bewerken", "ja"), ("code", "online-polarisatie"), ("naam", "Online polarisatie"),
                                                                     ("naamEngels", "Online polarisation"), ("termijnEersteReactie", "2"),
                                                                     ("termijnAfhandeling", "15")]).status == .seeOther)
            let retired = try #require(try await NeedStore(database: database).get(NeedCode("online-polarisatie")!))
            #expect(!retired.isActive && retired.firstResponseDays == 2)
            #expect(!(try await official.get("/hulpvragen/nieuw").text.contains("Online polarisatie")))
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .needSaved), page: PageRequest()).total == 2)
        }
    }

    @Test("the API: administrators add and change needs, others may not")
    func api() async throws {
        try await TestApp.with { client, database in
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            func send(_ method: HTTPRequest.Method, _ path: String, _ json: String, as user: User) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1" + path, method: method,
                                                headers: [.authorization: try await TestApp.bearer(database, user: user, scopes: [.read, .write]),
                                                          .contentType: "application/json"], body: ByteBuffer(string: json))
            }
            let body = #"{"code":"online-polarisatie","naam":"Online polarisatie","naamEngels":"Online polarisation","termijnEersteReactie":2,"termijnAfhandeling":15}"#
            #expect(try await send(.post, "/behoeften", body, as: coordinator).status == .forbidden)
            let created = try await send(.post, "/behoeften", body, as: admin)
            #expect(created.status == .created && created.headers[.location] == "/api/v1/behoeften/online-polarisatie")
            #expect(try await send(.post, "/behoeften", body, as: admin).status == .badRequest, "the code is taken")
            let changed = try await send(.put, "/behoeften/online-polarisatie",
                                         #"{"naam":"Online polarisatie","naamEngels":"Online polarisation","termijnEersteReactie":1,"termijnAfhandeling":10,"actief":false}"#, as: admin)
            let changedBody = try changed.json()
            #expect(changed.status == .ok && changedBody["actief"] as? Bool == false)
            #expect(try await send(.put, "/behoeften/bestaat-niet", body, as: admin).status == .notFound)
        }
    }
}
