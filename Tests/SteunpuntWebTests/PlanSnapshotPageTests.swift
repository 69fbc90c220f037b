import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("The 10-point plan against the previous quarter")
struct PlanSnapshotPageTests {
    static func at(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test("the overview says there is no quarter to compare with; once the job kept 2026-K3, page and API show the change since it, with the same filter",
          arguments: TestEngine.available)
    func changeSinceTheQuarter(engine: TestEngine) async throws {
        try await TestApp.with(engine, backgroundServices: false) { client, database in
            let advisor = try await TestApp.user(database, email: "adam@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            var unit = Browser(client)
            try await unit.signIn("adam@ess.example")
            #expect(try await unit.get("/tienpuntenplan/overzicht").text.contains("Er is nog geen afgesloten kwartaal"))

            let progress = ProgressStore(database: database)
            let valid = try ProgressDraft(status: "ingevoerd", since: "2026-06-01", evidence: "Vastgesteld").validated(today: Self.at("2026-12-01T12:00:00Z"))
            for (code, day) in [("GM0034", "2026-09-15T10:00:00Z"), ("GM0995", "2026-11-15T10:00:00Z")] {
                _ = try await progress.save(valid, municipality: MunicipalityCode(code)!, point: "regie", expectedVersion: 0, planVersion: 1,
                                            by: nil, at: Self.at(day), source: .form, historyID: UUID())
            }
            let job = PlanSnapshotService(snapshots: PlanSnapshotStore(database: database), interval: .seconds(3600),
                                          now: { Self.at("2026-12-04T12:00:00Z") }, logger: TestDatabase.logger)
            #expect(try await job.keep().map(\.description) == ["2026-K3"], "the quarters since the first change")
            #expect(try await job.keep().isEmpty, "kept once")

            let page = try await unit.get("/tienpuntenplan/overzicht?provincie=flevoland")
            #expect(page.status == .ok && page.text.contains("Verschil met 30\u{00A0}sep.\u{00A0}2026"))
            #expect(page.text.contains("+17 procentpunt"), "Almere in K3 (1 of 6), Lelystad since (2 of 6)")

            let token = try await TestApp.bearer(database, user: advisor, scopes: [.read])
            let answer = try await client.executeRequest(uri: "/api/v1/tienpuntenplan/overzicht?provincie=Flevoland", method: .get,
                                                         headers: [.authorization: token], body: nil)
            let body = try answer.json()
            let regie = try #require((body["perPunt"] as? [[String: Any]])?.first { $0["punt"] as? String == "regie" })
            #expect(body["vorigKwartaal"] as? String == "2026-K3" && regie["aandeelGereed"] as? Double == 0.333 && regie["aandeelGereedVorigKwartaal"] as? Double == 0.167)
        }
    }
}
