import Foundation
import HTTPTypes
import HummingbirdTesting
import SQLKit
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("The 10-point plan beside the quickscan")
struct PlanQuickscanPageTests {
    @Test("the unit reads a municipality's plan beside its latest quickscan (scores, named needs, a named need whose point is not in place marked, a need no point covers), audited; the municipality reads its own, not another's",
          arguments: TestEngine.available)
    func beside(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adam@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            var unit = Browser(client)
            try await unit.signIn("adam@ess.example")
            let none = try await unit.get("/tienpuntenplan/GM0637/quickscan")
            #expect(none.status == .ok && none.text.contains("Deze gemeente heeft nog geen quickscan ingediend."))

            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let instrument = try #require(try await InstrumentStore(database: database).list().first)
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let zoetermeer = MunicipalityCode("GM0637")!
            let (round, _) = try await RoundStore(database: database).create(
                try RoundDraft(title: "Quickscan 2026", opensOn: "2026-01-05", closesOn: "2026-02-05", codes: ["GM0637"]).validated(),
                instrument: instrument, targets: [zoetermeer], id: UUID(), by: coordinator.id, at: now, expiresAt: now.addingTimeInterval(86_400 * 400))
            let given = Answers(["budget": .scale(2), "gewenste-ondersteuning": .needs([.training, .schoolSituation])])
            let responses = ResponseStore(database: database)
            try await responses.save(round.id, zoetermeer, changes: given.values.mapValues { .some($0) }, by: coordinator.id, at: now)
            try await responses.submit(round.id, zoetermeer, scores: instrument.definition.scores(given), by: coordinator.id, at: now)

            let page = try await unit.get("/tienpuntenplan/GM0637/quickscan")
            #expect(page.status == .ok && page.text.contains("Quickscan ‘Quickscan 2026’, ingediend op"))
            #expect(page.text.contains("<dd>25 van 100</dd>"), "the capacity score: (2 − 1) × 25")
            #expect(page.text.contains("5. Deskundigheid van professionals</a> <strong class=\"badge\">behoefte genoemd, nog niet ingevoerd</strong>"))
            #expect(page.text.contains("Punten met een genoemde behoefte die nog niet zijn ingevoerd: 2."), "points 5 and 6 relate to training")
            #expect(page.text.contains("Genoemde behoeften waar geen punt van het plan bij hoort:") && page.text.contains("<li>Situatie op school</li>"))
            let reads = try await database.sql.select().column("object_id").from("audit_events").where("action", .equal, "response.read").all()
            #expect(try reads.map { try $0.decode(column: "object_id", as: String.self) } == ["\(round.id.uppercasedText)/GM0637"], "the unit's read, audited")

            let valid = try ProgressDraft(status: "ingevoerd", since: "2026-06-01", evidence: "Trainingsplan vastgesteld").validated(today: now)
            _ = try await ProgressStore(database: database).save(valid, municipality: zoetermeer, point: "deskundigheid", expectedVersion: 0, planVersion: 1,
                                                                 by: official.id, at: now, source: .form, historyID: UUID())
            var own = Browser(client)
            try await own.signIn("gina@zoetermeer.example")
            let mine = try await own.get("/tienpuntenplan/GM0637/quickscan")
            #expect(mine.status == .ok && mine.text.contains("Punten met een genoemde behoefte die nog niet zijn ingevoerd: 1."), "point 5 is in place now")
            #expect(!mine.text.contains("5. Deskundigheid van professionals</a> <strong class=\"badge\">behoefte genoemd"))
            #expect(try await database.sql.select().column("object_id").from("audit_events").where("action", .equal, "response.read").all().count == 1,
                    "the municipality's own read is not another's read of its record")
            #expect(try await own.get("/tienpuntenplan/GM0503/quickscan").status == .forbidden, "another municipality's is not its to read")
            #expect(try await own.get("/tienpuntenplan/GM0637").text.contains("href=\"/tienpuntenplan/GM0637/quickscan\""), "linked from the plan")
        }
    }
}
