import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("My account")
struct AccountTests {
    @Test("a token is made in the UI, shown once, works on the API, and stops when revoked", arguments: TestEngine.available)
    func tokens(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var browser = Browser(client)
            try await browser.signIn("a@nctv.example")
            _ = try await browser.get("/mijn-account")
            let created = try await browser.post("/mijn-account/tokens", form: [("naam", "rapportage"), ("dagen", "30")])
            #expect(created.status == .created)
            let secret = try #require(created.text.range(of: #"spt_[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(created.text[$0]) })
            let again = try await browser.get("/mijn-account")
            #expect(again.text.contains("rapportage") && !again.text.contains(secret), "listed, never shown again")

            let me = try await client.executeRequest(uri: "/api/v1/gebruikers/ik", method: .get, headers: [.authorization: "Bearer \(secret)"], body: nil)
            let scopes = try me.json()["scopes"] as? [String]
            #expect(me.status == .ok && scopes == ["lezen"])

            let token = try #require(try await UserStore(database: database).credentials(email: "a@nctv.example")
                .asyncMap { try await APITokenStore(database: database).list(user: $0.user.id) }?.first)
            _ = try await browser.post("/mijn-account/tokens/\(token.id.uuidString)/intrekken", form: [])
            let revoked = try await client.executeRequest(uri: "/api/v1/gebruikers/ik", method: .get, headers: [.authorization: "Bearer \(secret)"], body: nil)
            #expect(revoked.status == .unauthorized)
            let actions = try await AuditStore(database: database).search(AuditFilter(objectType: "api_token"), page: PageRequest()).items.map(\.event.action)
            #expect(Set(actions) == [.tokenCreated, .tokenRevoked])
        }
    }

    @Test("a bad token form lists its problems; someone else's token cannot be revoked")
    func refusals() async throws {
        try await TestApp.with { client, database in
            let owner = try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            _ = try await TestApp.bearer(database, user: owner)
            let ownersToken = try #require(try await APITokenStore(database: database).list(user: owner.id).first)
            var other = Browser(client)
            try await other.signIn("b@nctv.example")
            _ = try await other.get("/mijn-account")
            let bad = try await other.post("/mijn-account/tokens", form: [("naam", ""), ("dagen", "400")])
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("Vul een naam in") && bad.text.contains("Geldigheid moet een aantal dagen"))
            let personal = try await other.post("/mijn-account/tokens", form: [("naam", "Rapportage BSN 123 456 782"), ("dagen", "30")])
            #expect(personal.status == .badRequest && personal.text.contains(#"id="naam-fout""#) && personal.text.contains("burgerservicenummer"))
            #expect(try await APITokenStore(database: database).list(user: try #require(try await UserStore(database: database).credentials(email: "b@nctv.example")?.user.id)).isEmpty)
            let steal = try await other.post("/mijn-account/tokens/\(ownersToken.id.uuidString)/intrekken", form: [])
            #expect(steal.status == .notFound)
            #expect(try await APITokenStore(database: database).list(user: owner.id).first?.revokedAt == nil)
        }
    }

    @Test("signing out everywhere ends the user's other sessions too")
    func signOutEverywhere() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var laptop = Browser(client)
            var phone = Browser(client)
            try await laptop.signIn("a@nctv.example")
            try await phone.signIn("a@nctv.example")
            let account = try await laptop.get("/mijn-account")
            #expect(account.text.contains("op 2 plaats(en) ingelogd"))
            let done = try await laptop.post("/mijn-account/overal-uitloggen", form: [])
            #expect(done.headers[.location] == "/inloggen")
            #expect(try await phone.get("/dashboard").status == .found)
            #expect(try await laptop.get("/dashboard").status == .found)
        }
    }
}
