import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Invitations")
struct InvitationTests {
    static func link(in html: String) -> String? {
        html.range(of: #"/uitnodiging/[A-Za-z0-9_-]{43}"#, options: .regularExpression).map { String(html[$0]) }
    }

    @Test("a user added without a password gets a single-use link and chooses a password", arguments: TestEngine.available)
    func invite(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            var admin = Browser(client)
            try await admin.signIn("b@nctv.example")
            _ = try await admin.get("/beheer/gebruikers/nieuw")
            let created = try await admin.post("/beheer/gebruikers", form: [("naam", "Nina Nieuw"), ("email", "nina@zoetermeer.example"),
                                                                             ("organisatie", "GM0637"), ("rol", "gemeente-medewerker"), ("wachtwoord", "")])
            #expect(created.status == .created)
            let link = try #require(Self.link(in: created.text))

            var nina = Browser(client)
            let form = try await nina.get(link)
            #expect(form.status == .ok && form.text.contains("Nina Nieuw"))
            #expect(form.headers[.referrerPolicy] == "no-referrer")
            let mismatch = try await nina.post(link, form: [("wachtwoord", "een goed lang wachtwoord"), ("herhaling", "iets anders")])
            #expect(mismatch.status == .badRequest && mismatch.text.contains("is niet hetzelfde"))
            let set = try await nina.post(link, form: [("wachtwoord", "een goed lang wachtwoord"), ("herhaling", "een goed lang wachtwoord")])
            #expect(set.status == .seeOther && set.headers[.location] == "/inloggen")
            #expect(try await nina.signIn("nina@zoetermeer.example", password: "een goed lang wachtwoord").status == .seeOther)

            var again = Browser(client)
            #expect(try await again.get(link).status == .gone, "the link works once")
            let actions = try await AuditStore(database: database).search(AuditFilter(objectType: "user"), page: PageRequest(size: 50)).items.map(\.event.action)
            #expect(actions.contains(.invitationCreated) && actions.contains(.invitationAccepted))
        }
    }

    @Test("a link expires after seven days, and a new invitation replaces the old one")
    func expiry() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { client, database in
            let user = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let store = InvitationStore(database: database)
            try await store.create(secret: "first", user: user.id, at: clock.now, validFor: UserAdministration.invitationValidity)
            try await store.create(secret: "second", user: user.id, at: clock.now, validFor: UserAdministration.invitationValidity)
            var browser = Browser(client)
            #expect(try await browser.get("/uitnodiging/first").status == .gone, "replaced")
            #expect(try await browser.get("/uitnodiging/second").status == .ok)
            clock.advance(by: UserAdministration.invitationValidity)
            #expect(try await browser.get("/uitnodiging/second").status == .gone, "expired")
            #expect(try await store.accept(secret: "second", passwordHash: "x", at: clock.now) == false)
        }
    }
}
