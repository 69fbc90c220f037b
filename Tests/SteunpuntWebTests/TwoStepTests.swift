import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Two-step verification (TOTP)")
struct TwoStepTests {
    @Test("codes follow RFC 6238 (SHA-1 test vectors, six digits)")
    func rfcVectors() {
        let secret = "12345678901234567890"
        #expect(TOTPVerifier.code(secret: secret, step: 59 / 30) == "287082")
        #expect(TOTPVerifier.code(secret: secret, step: 1_111_111_109 / 30) == "081804")
        #expect(TOTPVerifier.code(secret: secret, step: 1_234_567_890 / 30) == "005924")
        let now = Date(timeIntervalSince1970: 1_234_567_890)
        #expect(TOTPVerifier.matchingStep(code: "005924", secret: secret, at: now) == 1_234_567_890 / 30)
        #expect(TOTPVerifier.matchingStep(code: "005925", secret: secret, at: now) == nil)
        #expect(TOTPVerifier.displayKey(secret: secret).split(separator: " ").allSatisfy { $0.count <= 4 })
    }

    @Test("turn on, sign in with a code (never the same code twice), recover with a one-time code, turn off", arguments: TestEngine.available)
    func lifecycle(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            let user = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator, twoStep: false)
            var browser = Browser(client)
            try await browser.signIn("c@ess.example", secondStep: false)
            let setup = try await browser.get("/mijn-account/tweestaps")
            #expect(setup.status == .ok && setup.text.contains("<svg") && setup.text.contains("role=\"img\""))
            let secret = try #require(try await MFAStore(database: database, box: TestApp.box).status(user: user.id)?.secret)
            #expect(setup.text.contains(TOTPVerifier.displayKey(secret: secret)))

            #expect(try await browser.post("/mijn-account/tweestaps", form: [("code", "000000")]).status == .badRequest)
            let code = TOTPVerifier.code(secret: secret, step: TOTPVerifier.currentStep(at: clock.now))
            let enabled = try await browser.post("/mijn-account/tweestaps", form: [("code", code)])
            #expect(enabled.status == .created)
            let recovery = enabled.text.matches(of: try Regex(#"<code>([a-z0-9]{4}-[a-z0-9]{4})</code>"#)).map { String($0.output[1].substring ?? "") }
            #expect(recovery.count == 10)
            _ = try await browser.post("/uitloggen", form: [])

            // Password alone is not enough.
            var second = Browser(client)
            let password = try await second.signIn("c@ess.example", secondStep: false)
            #expect(password.status == .seeOther && password.headers[.location]?.hasPrefix("/inloggen/code") == true)
            #expect(try await second.get("/dashboard").status == .found, "not signed in before the second step")
            _ = try await second.get("/inloggen/code")
            let replay = try await second.post("/inloggen/code", form: [("code", code), ("terug", "/dashboard")])
            #expect(replay.status == .unauthorized, "the code used to turn it on cannot be used again")
            clock.advance(by: 30)
            let next = TOTPVerifier.code(secret: secret, step: TOTPVerifier.currentStep(at: clock.now))
            let verified = try await second.post("/inloggen/code", form: [("code", next), ("terug", "/dashboard")])
            #expect(verified.status == .seeOther && verified.headers[.location] == "/dashboard")
            #expect(try await second.get("/dashboard").status == .ok)

            // A recovery code works once.
            var phoneLost = Browser(client)
            _ = try await phoneLost.signIn("c@ess.example", secondStep: false)
            _ = try await phoneLost.get("/inloggen/code")
            #expect(try await phoneLost.post("/inloggen/code", form: [("code", recovery[0].uppercased())]).status == .seeOther)
            var again = Browser(client)
            _ = try await again.signIn("c@ess.example", secondStep: false)
            _ = try await again.get("/inloggen/code")
            #expect(try await again.post("/inloggen/code", form: [("code", recovery[0])]).status == .unauthorized)
            #expect(try await MFAStore(database: database, box: TestApp.box).remainingRecoveryCodes(user: user.id) == 9)

            // Turning it off takes a fresh code.
            _ = try await second.get("/mijn-account/tweestaps")
            #expect(try await second.post("/mijn-account/tweestaps/uitzetten", form: [("code", next)]).status == .badRequest)
            clock.advance(by: 30)
            let off = try await second.post("/mijn-account/tweestaps/uitzetten",
                                            form: [("code", TOTPVerifier.code(secret: secret, step: TOTPVerifier.currentStep(at: clock.now)))])
            #expect(off.status == .seeOther)
            #expect(try await MFAStore(database: database, box: TestApp.box).status(user: user.id) == nil)
            let actions = Set(try await AuditStore(database: database).search(AuditFilter(actor: user.id), page: PageRequest(size: 100)).items.map(\.event.action))
            #expect(actions.isSuperset(of: [.mfaEnabled, .mfaDisabled, .mfaRecoveryCodeUsed, .signInFailed, .signInSucceeded]))
        }
    }

    @Test("wrong second-step codes count towards the sign-in lock")
    func lockout() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { client, database in
            let user = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator, twoStep: false)
            let store = MFAStore(database: database, box: TestApp.box)
            try await store.begin(user: user.id, secret: "ABCDEFGHIJKLMNOPQRST")
            try await store.confirm(user: user.id, step: 1, recoveryCodes: [], at: clock.now)
            var browser = Browser(client)
            _ = try await browser.signIn("c@ess.example", secondStep: false)
            _ = try await browser.get("/inloggen/code")
            for _ in 0..<5 { _ = try await browser.post("/inloggen/code", form: [("code", "123456")]) }
            var fresh = Browser(client)
            #expect(try await fresh.signIn("c@ess.example", secondStep: false).status == .tooManyRequests)
        }
    }
}
