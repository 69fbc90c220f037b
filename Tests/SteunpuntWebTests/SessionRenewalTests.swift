import Foundation
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Sessions: the idle time-out slides with use, the absolute one does not")
struct SessionRenewalTests {
    @Test("each use within the idle time renews the session; 30 minutes without one ends it; 12 hours end it however busy", arguments: TestEngine.available)
    func sliding(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var browser = Browser(client)
            try await browser.signIn("gina@zoetermeer.example")
            // Every 20 minutes for 11 hours: each use falls within 30 idle minutes of the one before.
            for _ in 0..<33 {
                clock.advance(by: 20 * 60)
                #expect(try await browser.get("/dashboard").status == .ok, "renewed by use")
            }
            clock.advance(by: 31 * 60)
            #expect(try await browser.get("/dashboard").status == .found, "31 idle minutes end it")
            try await browser.signIn("gina@zoetermeer.example")
            for _ in 0..<36 {
                clock.advance(by: 20 * 60)
                _ = try await browser.get("/dashboard")
            }
            #expect(try await browser.get("/dashboard").status == .found, "12 hours after sign-in it ends, used or not")
        }
    }
}
