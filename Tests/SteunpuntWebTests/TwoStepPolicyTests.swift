import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Two-step verification required, and asked again before sensitive actions")
struct TwoStepPolicyTests {
    @Test("the policy requires it for every role that reads case data, and for everyone when configured")
    func policy() throws {
        let standard = try AppConfiguration.load(environment: [:]).twoStep
        for role in Role.allCases {
            let readsCaseData = ![.municipalOfficial, .schoolStaff].contains(role)
            #expect(standard.isRequired(for: role) == readsCaseData, "\(role)")
        }
        let everyone = try AppConfiguration.load(environment: ["STEUNPUNT_TWO_STEP_REQUIRED": "everyone"]).twoStep
        #expect(Role.allCases.allSatisfy(everyone.isRequired(for:)))
        let now = Date()
        #expect(!standard.needsReverification(lastVerifiedAt: now.addingTimeInterval(-14 * 60), now: now))
        #expect(standard.needsReverification(lastVerifiedAt: now.addingTimeInterval(-16 * 60), now: now))
        #expect(standard.needsReverification(lastVerifiedAt: nil, now: now))
    }

    @Test("a role that reads case data can only enrol until it has", arguments: TestEngine.available)
    func enrolmentFirst(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor, twoStep: false)
            try await TestApp.user(database, email: "anna@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var browser = Browser(client)
            #expect(try await browser.signIn("a@ess.example").headers[.location] == "/dashboard")
            for path in ["/dashboard", "/organisaties", "/gemeenten", "/mijn-account"] {
                let page = try await browser.get(path)
                #expect(page.status == .found && page.headers[.location] == "/mijn-account/tweestaps", "\(path)")
            }
            let tokenPost = try await browser.post("/mijn-account/tokens", form: [("naam", "x"), ("dagen", "30")])
            #expect(tokenPost.status == .seeOther && tokenPost.headers[.location] == "/mijn-account/tweestaps")
            #expect(try await APITokenStore(database: database).list(user: advisor.id).isEmpty)
            let enrol = try await browser.get("/mijn-account/tweestaps")
            #expect(enrol.status == .ok && enrol.text.contains("Zet eerst tweestapsverificatie aan"))

            let secret = try #require(try await MFAStore(database: database, box: TestApp.box).status(user: advisor.id)?.secret)
            let code = TOTPVerifier.code(secret: secret, step: TOTPVerifier.currentStep(at: clock.now))
            #expect(try await browser.post("/mijn-account/tweestaps", form: [("code", code)]).status == .created)
            #expect(try await browser.get("/dashboard").status == .ok, "enrolled: the rest opens")

            var official = Browser(client)
            _ = try await official.signIn("anna@zoetermeer.example")
            #expect(try await official.get("/dashboard").status == .ok, "a municipal official is not required to enrol by default")
        }
    }

    @Test("configured for everyone, municipal staff must enrol too")
    func everyone() async throws {
        try await TestApp.with(environment: ["STEUNPUNT_TWO_STEP_REQUIRED": "everyone"]) { client, database in
            try await TestApp.user(database, email: "anna@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var official = Browser(client)
            _ = try await official.signIn("anna@zoetermeer.example")
            let page = try await official.get("/dashboard")
            #expect(page.status == .found && page.headers[.location] == "/mijn-account/tweestaps")
        }
    }

    @Test("after 15 minutes a sensitive action asks for a fresh code, then goes on", arguments: TestEngine.available)
    func reverifyWithCode(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            var browser = Browser(client)
            _ = try await browser.signIn("b@nctv.example")
            #expect(try await browser.get("/beheer/gebruikers/nieuw").status == .ok, "just signed in: fresh")
            clock.advance(by: 16 * 60)
            let stale = try await browser.get("/beheer/gebruikers/nieuw")
            #expect(stale.status == .found && stale.headers[.location] == "/bevestigen?terug=%2Fbeheer%2Fgebruikers%2Fnieuw")
            let post = try await browser.post("/beheer/gebruikers", form: [("email", "x@nctv.example"), ("naam", "X"), ("organisatie", "nctv"), ("rol", "analist")])
            #expect(post.status == .seeOther && post.headers[.location]?.hasPrefix("/bevestigen") == true)
            #expect(try await UserStore(database: database).credentials(email: "x@nctv.example") == nil, "nothing done unverified")
            #expect(try await browser.get("/beheer/rechten.csv").status == .found, "exports ask too")

            let form = try await browser.get("/bevestigen?terug=%2Fbeheer%2Fgebruikers%2Fnieuw")
            #expect(form.status == .ok && form.text.contains("name=\"code\"") && !form.text.contains("name=\"wachtwoord\""))
            let wrong = try await browser.post("/bevestigen", form: [("code", "000000"), ("terug", "/beheer/gebruikers/nieuw")])
            #expect(wrong.status == .unauthorized)
            let right = try await browser.post("/bevestigen", form: [("code", TestApp.nextCode(for: "b@nctv.example")), ("terug", "/beheer/gebruikers/nieuw")])
            #expect(right.status == .seeOther && right.headers[.location] == "/beheer/gebruikers/nieuw")
            #expect(try await browser.get("/beheer/gebruikers/nieuw").status == .ok)

            let events = try await AuditStore(database: database).search(AuditFilter(actor: admin.id), page: PageRequest(size: 100)).items
            #expect(events.contains { $0.event.action == .reverified && $0.event.result == .failure })
            #expect(events.contains { $0.event.action == .reverified && $0.event.result == .success })
        }
    }

    @Test("without two-step verification, the password confirms a sensitive action")
    func reverifyWithPassword() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { client, database in
            let official = try await TestApp.user(database, email: "anna@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var browser = Browser(client)
            _ = try await browser.signIn("anna@zoetermeer.example")
            clock.advance(by: 20 * 60)
            _ = try await browser.get("/mijn-account")
            let token = try await browser.post("/mijn-account/tokens", form: [("naam", "rapportage"), ("dagen", "30")])
            #expect(token.status == .seeOther && token.headers[.location] == "/bevestigen?terug=%2Fmijn-account")
            let form = try await browser.get("/bevestigen?terug=%2Fmijn-account")
            #expect(form.text.contains("name=\"wachtwoord\""))
            #expect(try await browser.post("/bevestigen", form: [("wachtwoord", "fout wachtwoord!"), ("terug", "/mijn-account")]).status == .unauthorized)
            let right = try await browser.post("/bevestigen", form: [("wachtwoord", TestApp.password), ("terug", "/mijn-account")])
            #expect(right.status == .seeOther && right.headers[.location] == "/mijn-account")
            _ = try await browser.get("/mijn-account")
            #expect(try await browser.post("/mijn-account/tokens", form: [("naam", "rapportage"), ("dagen", "30")]).status == .created)
            #expect(try await APITokenStore(database: database).list(user: official.id).count == 1)
        }
    }
}

@Suite("Two-step verification reset by an administrator")
struct TwoStepResetTests {
    @Test("phone and codes lost: an administrator resets it, the user's sessions end, and the user enrols again")
    func reset() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            var user = Browser(client)
            _ = try await user.signIn("a@ess.example")
            #expect(try await user.get("/dashboard").status == .ok)
            var admin = Browser(client)
            _ = try await admin.signIn("b@nctv.example")
            _ = try await admin.get("/beheer/gebruikers/\(advisor.id.uuidString)/bewerken")
            #expect(try await admin.post("/beheer/gebruikers/\(advisor.id.uuidString)/tweestaps-herstellen", form: []).status == .seeOther)
            #expect(try await MFAStore(database: database, box: TestApp.box).status(user: advisor.id) == nil)
            #expect(try await user.get("/dashboard").status == .found, "the user's session ended")
            var again = Browser(client)
            _ = try await again.signIn("a@ess.example")
            #expect(try await again.get("/dashboard").headers[.location] == "/mijn-account/tweestaps", "enrols again first")
            let events = try await AuditStore(database: database).search(AuditFilter(action: .mfaDisabled), page: PageRequest()).items
            #expect(events.count == 1 && events[0].event.objectID == advisor.id.uuidString)
        }
    }
}
