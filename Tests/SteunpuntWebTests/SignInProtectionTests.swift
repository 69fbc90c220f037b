import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Sign-in protection")
struct SignInProtectionTests {
    @Test("five failures lock the account for 15 minutes, even for the right password", arguments: TestEngine.available)
    func accountLockout(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            for _ in 0..<5 {
                var attempt = Browser(client)
                #expect(try await attempt.signIn("gina@zoetermeer.example", password: "fout fout fout").status == .unauthorized)
            }
            var browser = Browser(client)
            let locked = try await browser.signIn("gina@zoetermeer.example")
            #expect(locked.status == .tooManyRequests)
            #expect(locked.text.contains("te vaak verkeerd ingelogd") && locked.text.contains("15 minuten"))
            #expect(locked.headers[.retryAfter] == "900")
            #expect(!locked.headers[values: .setCookie].contains { $0.hasPrefix("steunpunt_sessie=") })

            clock.advance(by: 15 * 60)
            var later = Browser(client)
            #expect(try await later.signIn("gina@zoetermeer.example").status == .seeOther, "the lock ends")
            let denied = try await AuditStore(database: database).search(AuditFilter(action: .signInFailed), page: PageRequest(size: 10)).items
            #expect(denied.contains { $0.event.result == .denied })
        }
    }

    @Test("an unknown account locks the same way, so a lock tells nothing")
    func unknownAccountLooksTheSame() async throws {
        try await TestApp.with(clock: TestClock()) { client, _ in
            var last: TestResponse?
            for _ in 0..<6 {
                var attempt = Browser(client)
                last = try await attempt.signIn("niemand@zoetermeer.example", password: "fout fout fout")
            }
            #expect(last?.status == .tooManyRequests)
            #expect(last?.text.contains("te vaak verkeerd ingelogd") == true)
        }
    }

    @Test("a good sign-in forgets earlier failures; failures outside the window do not add up")
    func counting() async throws {
        let clock = TestClock()
        try await TestApp.with(clock: clock) { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            for _ in 0..<4 { var b = Browser(client); _ = try await b.signIn("gina@zoetermeer.example", password: "fout fout fout") }
            var good = Browser(client)
            #expect(try await good.signIn("gina@zoetermeer.example").status == .seeOther)
            for _ in 0..<4 { var b = Browser(client); _ = try await b.signIn("gina@zoetermeer.example", password: "fout fout fout") }
            clock.advance(by: 16 * 60)
            var one = Browser(client)
            _ = try await one.signIn("gina@zoetermeer.example", password: "fout fout fout")
            var after = Browser(client)
            #expect(try await after.signIn("gina@zoetermeer.example").status == .seeOther, "only one failure counts in the new window")
        }
    }

    @Test("the throttle policy counts within its window and locks at the limit")
    func policy() {
        let policy = SignInThrottle(accountLimit: 3, window: 600, lockout: 900)
        let start = Date(timeIntervalSince1970: 0)
        var counter = policy.afterFailure(nil, at: start, limit: 3)
        counter = policy.afterFailure(counter, at: start.addingTimeInterval(10), limit: 3)
        #expect(!counter.isLocked(at: start.addingTimeInterval(10)))
        counter = policy.afterFailure(counter, at: start.addingTimeInterval(20), limit: 3)
        #expect(counter.isLocked(at: start.addingTimeInterval(20)))
        #expect(!counter.isLocked(at: start.addingTimeInterval(20 + 900)))
        let fresh = policy.afterFailure(policy.afterFailure(nil, at: start, limit: 3), at: start.addingTimeInterval(601), limit: 3)
        #expect(fresh.failures == 1)
    }
}
