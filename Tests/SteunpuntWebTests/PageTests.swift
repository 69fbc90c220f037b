import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages")
struct PageTests {
    @Test("sign in, see the dashboard for the role, sign out", arguments: TestEngine.available)
    func signInAndOut(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator, name: "Carla")
            var browser = Browser(client)
            let password = try await browser.signIn("Carla@ESS.example", secondStep: false)
            #expect(password.status == .seeOther)
            #expect(password.headers[.location]?.hasPrefix("/inloggen/code") == true, "a coordinator's role requires the second step")
            let cookie = try #require(password.headers[values: .setCookie].first { $0.hasPrefix("steunpunt_sessie=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
            _ = try await browser.get("/inloggen/code")
            var signIn = try await browser.post("/inloggen/code", form: [("code", TestApp.nextCode(for: "carla@ess.example")), ("terug", "/dashboard")])
            // A code belongs to a 30-second step; on a loaded machine the step can end between
            // making the code and checking it. Then the next code is the right one (as `Browser.signIn` does).
            if signIn.status != .seeOther {
                signIn = try await browser.post("/inloggen/code", form: [("code", TestApp.nextCode(for: "carla@ess.example")), ("terug", "/dashboard")])
            }
            #expect(signIn.status == .seeOther)
            #expect(signIn.headers[.location] == "/dashboard")

            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.status == .ok)
            #expect(dashboard.text.contains("Welkom, Carla"))
            #expect(dashboard.text.contains("Prioriteitsgemeenten"), "a coordinator sees national figures")

            let signOut = try await browser.post("/uitloggen", form: [])
            #expect(signOut.status == .seeOther)
            let after = try await browser.get("/dashboard")
            #expect(after.status == .found)
            #expect(after.headers[.location] == "/inloggen?terug=/dashboard")
        }
    }

    @Test("a wrong password and an unknown account get the same answer")
    func failedSignIn() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "anna@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var browser = Browser(client)
            let wrong = try await browser.signIn("anna@zoetermeer.example", password: "verkeerd wachtwoord")
            var other = Browser(client)
            let unknown = try await other.signIn("niemand@zoetermeer.example", password: "verkeerd wachtwoord")
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.text.contains("Deze combinatie van e-mailadres en wachtwoord is niet bekend"))
            #expect(wrong.text.replacingOccurrences(of: "anna@", with: "niemand@").count == unknown.text.count)
            #expect(!wrong.headers[values: .setCookie].contains { $0.hasPrefix("steunpunt_sessie=") })
        }
    }

    @Test("a deactivated account cannot sign in")
    func deactivated() async throws {
        try await TestApp.with { client, database in
            let user = try await TestApp.user(database, email: "oud@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await UserStore(database: database).update(user.id, name: user.name, role: user.role, isActive: false, at: Date())
            var browser = Browser(client)
            #expect(try await browser.signIn("oud@zoetermeer.example").status == .unauthorized)
        }
    }

    @Test("a form without the CSRF token is refused and changes nothing")
    func csrf() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            var browser = Browser(client)
            try await browser.signIn("b@nctv.example")
            let forged = try await browser.post("/beheer/organisaties", form: [("id", "partner-f"), ("naam", "F"), ("soort", "partner")], csrf: "forged")
            #expect(forged.status == .forbidden)
            #expect(try await OrganisationStore(database: database).get(OrganisationID("partner-f")!) == nil)
            var stranger = Browser(client)
            let noToken = try await stranger.post("/inloggen", form: [("email", "b@nctv.example"), ("wachtwoord", TestApp.password)])
            #expect(noToken.status == .forbidden)
        }
    }

    @Test("municipalities can be searched and filtered, and opened")
    func municipalities() async throws {
        try await TestApp.with { client, _ in
            var browser = Browser(client)
            let list = try await browser.get("/gemeenten?zoek=fryslan")
            #expect(list.status == .ok)
            #expect(list.text.contains("Súdwest-Fryslân") && list.text.contains("2 resultaten"))
            let province = try await browser.get("/gemeenten?provincie=zeeland")
            #expect(province.text.contains("13 resultaten") && province.text.contains("Middelburg"))
            let bad = try await browser.get("/gemeenten?provincie=atlantis")
            #expect(bad.status == .badRequest && bad.text.contains("is geen Nederlandse provincie"))
            let detail = try await browser.get("/gemeenten/GM0363")
            #expect(detail.text.contains("<h1>Amsterdam</h1>"))
            #expect(detail.text.contains("Log in om de organisaties"))
            let lower = try await browser.get("/gemeenten/gm0363")
            #expect(lower.status == .movedPermanently && lower.headers[.location] == "/gemeenten/GM0363")
            #expect(try await browser.get("/gemeenten/GM9999").status == .notFound)
        }
    }

    @Test("a signed-in user sees a municipality's organisations, and the people of their own")
    func organisationsAndPeople() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina de Gemeente")
            var browser = Browser(client)
            #expect(try await browser.get("/organisaties").status == .found, "organisations need sign-in")
            try await browser.signIn("gina@zoetermeer.example")
            let municipality = try await browser.get("/gemeenten/GM0637")
            #expect(municipality.text.contains("href=\"/organisaties/GM0637\""))
            #expect(municipality.text.contains("1 persoon)"))
            let organisation = try await browser.get("/organisaties/GM0637")
            #expect(organisation.text.contains("Gina de Gemeente"))
            #expect(organisation.text.contains("mailto:gina@zoetermeer.example"), "colleagues see each other's address")
            try await TestApp.user(database, email: "olga@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Olga van de Unit")
            let others = try await browser.get("/organisaties/szw-ess")
            #expect(others.status == .ok && !others.text.contains("Olga van de Unit") && others.text.contains("ziet alleen wie er zelf werkt"),
                    "another organisation's people are not listed")
            #expect(try await browser.get("/organisaties?soort=helpdesk").text.contains("Helpdesk School en Veiligheid"))
        }
    }

    @Test("only administrators reach the administration pages")
    func adminOnly() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var browser = Browser(client)
            try await browser.signIn("gina@zoetermeer.example")
            for uri in ["/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/beheer/organisaties/nieuw"] {
                #expect(try await browser.get(uri).status == .forbidden, "\(uri)")
            }
        }
    }

    @Test("an administrator adds an organisation and a user; refused forms list every problem")
    func administration() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            var browser = Browser(client)
            try await browser.signIn("b@nctv.example")
            _ = try await browser.get("/beheer/organisaties/nieuw")
            let refused = try await browser.post("/beheer/organisaties", form: [("id", "Fout Id"), ("naam", ""), ("soort", "school"), ("gemeente", "")])
            #expect(refused.status == .badRequest)
            for message in ["Vul een naam in", "Kenmerk mag alleen kleine letters", "Kies een gemeente"] {
                #expect(refused.text.contains(message), "\(message)")
            }
            #expect(refused.text.contains("value=\"Fout Id\""), "what was typed is kept")

            let created = try await browser.post("/beheer/organisaties", form: [("id", "school-de-linde"), ("naam", "OBS De Linde"), ("soort", "school"), ("gemeente", "GM0637")])
            #expect(created.status == .seeOther && created.headers[.location] == "/organisaties/school-de-linde")

            _ = try await browser.get("/beheer/gebruikers/nieuw")
            let weak = try await browser.post("/beheer/gebruikers", form: [("naam", "Sam"), ("email", "sam@delinde.example"), ("organisatie", "school-de-linde"),
                                                                          ("rol", "adviseur"), ("wachtwoord", "kort")])
            #expect(weak.status == .badRequest)
            #expect(weak.text.contains("Wachtwoord moet minstens 12 tekens lang zijn"))
            let wrongRole = try await browser.post("/beheer/gebruikers", form: [("naam", "Sam"), ("email", "sam@delinde.example"), ("organisatie", "school-de-linde"),
                                                                               ("rol", "adviseur"), ("wachtwoord", "lange zin als wachtwoord")])
            #expect(wrongRole.text.contains("Rol past niet bij deze soort organisatie"))
            let user = try await browser.post("/beheer/gebruikers", form: [("naam", "Sam"), ("email", "sam@delinde.example"), ("organisatie", "school-de-linde"),
                                                                          ("rol", "school-medewerker"), ("wachtwoord", "lange zin als wachtwoord")])
            #expect(user.status == .seeOther)
            var sam = Browser(client)
            #expect(try await sam.signIn("sam@delinde.example", password: "lange zin als wachtwoord").status == .seeOther)
        }
    }

    @Test("deactivating a user ends their sessions at once")
    func deactivationEndsSessions() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina")
            var ginaBrowser = Browser(client)
            try await ginaBrowser.signIn("gina@zoetermeer.example")
            #expect(try await ginaBrowser.get("/dashboard").status == .ok)
            var admin = Browser(client)
            try await admin.signIn("b@nctv.example")
            _ = try await admin.get("/beheer/gebruikers/\(gina.id.uuidString)/bewerken")
            let saved = try await admin.post("/beheer/gebruikers/\(gina.id.uuidString)", form: [("naam", "Gina"), ("rol", "gemeente-medewerker")])
            #expect(saved.status == .seeOther)
            #expect(try await ginaBrowser.get("/dashboard").status == .found)
        }
    }

    @Test("the interface switches to English and back")
    func language() async throws {
        try await TestApp.with { client, _ in
            var browser = Browser(client)
            #expect(try await browser.get("/gemeenten").text.contains("<html lang=\"nl\">"))
            let switched = try await browser.get("/taal/en?terug=/gemeenten")
            #expect(switched.headers[.location] == "/gemeenten")
            let english = try await browser.get("/gemeenten")
            #expect(english.text.contains("<html lang=\"en\">") && english.text.contains("All provinces"))
            let evil = try await browser.get("/taal/nl?terug=//evil.example/")
            #expect(evil.headers[.location] == "/dashboard", "never redirects to another site")
        }
    }

    @Test("pages carry strict security headers and errors show no internals")
    func headersAndErrors() async throws {
        try await TestApp.with { client, _ in
            var browser = Browser(client)
            let page = try await browser.get("/toegankelijkheid")
            #expect(page.status == .ok && page.text.contains("Toegankelijkheidsverklaring"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
            #expect(page.headers[.contentSecurityPolicy]?.contains("unsafe-inline") == false)
            #expect(page.headers[.xContentTypeOptions] == "nosniff")
            #expect(page.headers[.referrerPolicy] == "same-origin")
            let missing = try await browser.get("/bestaat-niet")
            #expect(missing.status == .notFound)
            #expect(missing.text.contains("Deze pagina bestaat niet"))
            #expect(missing.text.contains("href=\"#inhoud\""), "error pages keep the skip link")
        }
    }

    @Test("an error page knows the user, and does not replace the CSRF cookie")
    func errorPagesKeepIdentity() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina")
            var stranger = Browser(client)
            _ = try await stranger.get("/inloggen")
            let cookie = stranger.cookies[CSRFProtection.cookieName]
            let missing = try await stranger.get("/favicon.ico")
            #expect(missing.status == .notFound)
            #expect(!missing.headers[values: .setCookie].contains { $0.hasPrefix(CSRFProtection.cookieName) })
            #expect(stranger.cookies[CSRFProtection.cookieName] == cookie)

            var browser = Browser(client)
            try await browser.signIn("gina@zoetermeer.example")
            let page = try await browser.get("/bestaat-niet")
            #expect(page.status == .notFound && page.text.contains("Gina"))
        }
    }

    @Test("static files are served")
    func staticFiles() async throws {
        try await TestApp.with { client, _ in
            let css = try await client.executeRequest(uri: "/static/steunpunt.css", method: .get, headers: [:], body: nil)
            #expect(css.status == .ok && css.text.contains(":focus-visible"))
        }
    }
}
