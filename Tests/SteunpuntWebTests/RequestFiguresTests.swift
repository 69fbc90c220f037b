import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Request figures: computed from the records, small cells hidden from analysts")
struct RequestFiguresTests {
    @Test("medians: odd, even, none")
    func medians() {
        #expect(RequestFigures.median([5, 1, 3]) == 3)
        #expect(RequestFigures.median([4, 1, 3, 2]) == 2.5)
        #expect(RequestFigures.median([]) == nil)
    }

    @Test("advised municipalities and schools, channels, needs, referral rate and medians", arguments: TestEngine.available)
    func figures(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            try await AccessMatrixTests.seed(database)
            let advisor = try await TestApp.user(database, email: "ahmed@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await RequestAccessMatrixTests.seedRequests(database, advisor: advisor)
            let store = RequestStore(database: database)
            let workflow = RequestWorkflow()
            // Close D (referred to the unit) as advised, one hour and a half after filing.
            let d = try #require(try await store.list(RequestFilter(), scope: .party(.expertiseUnit), page: PageRequest()).items.first?.request)
            let (closed, change) = try workflow.apply(.close(outcome: .advised, reason: nil), to: d, by: advisor, at: d.createdAt.addingTimeInterval(5400),
                                                      targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            _ = try await store.save(closed, previous: d, change: change, at: closed.closedAt!)
            let (from, until) = RequestFiguresModel.year(of: Date())
            let figures = try await store.figures(from: from, until: until)
            #expect(figures.filed == 4 && figures.closed == 1)
            #expect(figures.municipalitiesAdvised == 1 && figures.schoolsAdvised == 0)
            #expect(figures.byChannel == [.phone: 4] && figures.byNeed == [.information: 4])
            #expect(figures.referralRate == 0.25)
            #expect(figures.medianHoursToClose == 1.5)
            #expect(try await store.figures(from: until, until: until.addingTimeInterval(86_400)).filed == 0, "another period")

            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let analyst = try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let desk = try await TestApp.user(database, email: "d@vng.example", organisation: "vng-loket", role: .deskAgent)
            func get(_ user: User, _ query: String = "") async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1/hulpvraag-kengetallen" + query, method: .get,
                                                headers: [.authorization: try await TestApp.bearer(database, user: user)], body: nil)
            }
            let unit = try await get(coordinator).json()
            #expect(unit["gemeentenGeadviseerd"] as? Int == 1 && unit["ingediend"] as? Int == 4)
            #expect((unit["perKanaal"] as? [[String: Any]])?.first?["aantal"] as? Int == 4)
            let national = try await get(analyst).json()
            let cell = (national["perKanaal"] as? [[String: Any]])?.first
            #expect(cell?["aantal"] == nil && cell?["onderdrukt"] as? Bool == true, "4 is a small cell for an analyst")
            #expect(national["gemeentenGeadviseerd"] == nil && national["scholenGeadviseerd"] as? Int == 0, "one municipality advised is one to recognise")
            #expect(try await get(desk).status == .forbidden)
            #expect(try await get(coordinator, "?van=2026-12-31&tot=2026-01-01").status == .badRequest)

            var browser = Browser(client)
            _ = try await browser.signIn("c@ess.example")
            let dashboard = try await browser.get("/dashboard")
            #expect(dashboard.text.contains("Kengetallen hulpvragen") && dashboard.text.contains("Gemeenten geadviseerd of getraind"))
            var analystBrowser = Browser(client)
            _ = try await analystBrowser.signIn("a@nctv.example")
            let analystDashboard = try await analystBrowser.get("/dashboard").text
            #expect(analystDashboard.contains("niet getoond (kleine aantallen)") && !dashboard.text.contains("niet getoond"))
        }
    }
}
