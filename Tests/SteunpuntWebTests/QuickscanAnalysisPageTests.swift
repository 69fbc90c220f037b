import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Quickscan analysis pages: each reader sees what they may, the radar has its figures beside it")
struct QuickscanAnalysisPageTests {
    @Test("radar points lie on their axes at their score; labels are escaped")
    func radarGeometry() {
        let top = RadarChart.point(100, axis: 0, of: 3)
        #expect(abs(top.x - 210) < 1e-9 && abs(top.y - 70) < 1e-9, "the first axis points up, 100 at the rim (radius 140 from 210,210)")
        let half = RadarChart.point(50, axis: 1, of: 4)
        #expect(abs(half.x - 280) < 1e-9 && abs(half.y - 210) < 1e-9, "the second of four axes points right")
        let svg = RadarChart(id: "r", title: "A <b>", description: "d", axes: ["Kennis", "Capaciteit", "Expertise"],
                             series: [.init(label: "Zoetermeer", values: [100, nil, 0], style: "solid"),
                                      .init(label: "Nederland", values: [0, 50, 0], style: "dashed")]).svg
        #expect(svg.contains("points=\"210.0,70.0 210.0,210.0 210.0,210.0\""), "nil counts as 0 where another series has a value; 0 is the centre")
        #expect(svg.contains("<title id=\"r-t\">A &lt;b&gt;</title>") && svg.contains("role=\"img\"") && svg.contains("aria-labelledby=\"r-t r-d\""))
    }

    @Test("the radar has a 0–100 scale and a legend, leaves out an axis nobody scored, and keeps room for its labels")
    func radarReadable() {
        let chart = RadarChart(id: "r", title: "t", description: "d", axes: ["Kennis", "Capaciteit", "Expertise", "Behoeften"],
                               series: [.init(label: "Zoetermeer", values: [80, 40, 60, nil], style: "solid"),
                                        .init(label: "Nederland <alle>", values: [50, 50, 50, nil], style: "dashed")])
        let svg = chart.svg
        #expect(!svg.contains(">Behoeften<") && svg.contains(">Kennis<") && svg.contains(">Expertise<"), "no empty axis")
        #expect(["0", "25", "50", "75", "100"].allSatisfy { svg.contains("class=\"radar-scale\"") && svg.contains(">\($0)</text>") })
        #expect(svg.contains("viewBox=\"-130 -10 680 440\""), "room beside the rim for labels that run outward")
        let legend = chart.legendHTML
        #expect(legend.contains("Zoetermeer") && legend.contains("Nederland &lt;alle&gt;") && legend.contains("stroke-dasharray=\"8 5\""),
                "each line named, drawn as in the chart")
    }

    /// A round to seven municipalities (six in Zuid-Holland, Amsterdam), all submitted: the
    /// capacity score is the budget answer ((value − 1) × 25). A previous round had Zoetermeer at 50.
    static func rounds(_ database: Database, lastCloses: String? = nil) async throws -> UUID {
        let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
        let instrument = try #require(try await InstrumentStore(database: database).list().first)
        let store = RoundStore(database: database), responses = ResponseStore(database: database)
        let now = Date(timeIntervalSince1970: 1_796_000_000)
        let budgets = ["GM0637": 5, "GM0482": 1, "GM0484": 1, "GM0489": 3, "GM0502": 1, "GM0503": 1, "GM0363": 2]
        var current = UUID()
        for (index, opens) in ["2025-01-06", "2026-01-05"].enumerated() {
            let codes = index == 0 ? ["GM0637"] : budgets.keys.sorted()
            let (round, _) = try await store.create(try RoundDraft(title: index == 0 ? "Quickscan 2025" : "Quickscan 2026", opensOn: opens,
                                                                   closesOn: index == 1 ? lastCloses ?? "2026-02-05" : "2025-02-06", codes: codes).validated(),
                                                    instrument: instrument, targets: codes.map { MunicipalityCode($0)! }, id: UUID(), by: coordinator.id,
                                                    at: now.addingTimeInterval(Double(index)), expiresAt: now.addingTimeInterval(86_400 * 400))
            for code in codes {
                let budget = index == 0 ? 3 : budgets[code]!
                let given = Answers(["budget": .scale(budget), "gewenste-ondersteuning": .needs(code == "GM0363" ? [.networks] : [.training])])
                try await responses.save(round.id, MunicipalityCode(code)!, changes: given.values.mapValues { .some($0) }, by: coordinator.id, at: now)
                // The earlier round without stored scores (as submitted before they were kept): its answers are scored instead.
                try await responses.submit(round.id, MunicipalityCode(code)!, scores: index == 0 ? [:] : instrument.definition.scores(given),
                                           by: coordinator.id, at: now)
            }
            current = round.id
        }
        return current
    }

    @Test("the unit sees every municipality by name with its change; an analyst sees aggregates with small groups suppressed; a municipality sees itself against the country",
          arguments: TestEngine.available)
    func views(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let round = try await Self.rounds(database)
            let path = "/quickscans/rondes/\(round.uuidString.lowercased())/analyse"
            try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            try await TestApp.user(database, email: "n@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await TestApp.user(database, email: "rob@rotterdam.example", organisation: "GM0599", role: .municipalOfficial)

            var unit = Browser(client)
            try await unit.signIn("a@ess.example")
            let named = try await unit.get(path + "?gemeente=GM0637")
            #expect(named.status == .ok)
            // National capacity: (100 + 0 + 0 + 50 + 0 + 0 + 25) / 7 = 25.
            #expect(named.text.contains(">25,0 (−25,0)<"), "national 25 now, 50 in the only earlier response")
            #expect(named.text.contains(">100,0 (+50,0)<"), "Zoetermeer 100, was 50")
            #expect(named.text.contains(">Alblasserdam<") && named.text.contains("<svg class=\"radar\""))
            #expect(named.text.contains("Zoetermeer") && named.text.contains("Gemiddelde van gemeenten met"))
            #expect(named.text.contains("Training van professionals en sleutelfiguren"))

            var analyst = Browser(client)
            try await analyst.signIn("n@nctv.example")
            let aggregates = try await analyst.get(path + "?gemeente=GM0637")
            #expect(aggregates.status == .ok)
            #expect(!aggregates.text.contains("Zoetermeer") && !aggregates.text.contains("Alblasserdam") && !aggregates.text.contains("Amsterdam"))
            #expect(aggregates.text.contains("Niet getoond: te weinig gemeenten"), "Noord-Holland has one")
            #expect(aggregates.text.contains(">Zuid-Holland<"))
            #expect(aggregates.text.contains(">niet getoond<"), "one municipality named networks")

            var gina = Browser(client)
            try await gina.signIn("gina@zoetermeer.example")
            let own = try await gina.get(path)
            #expect(own.status == .ok && own.text.contains(">100,0 (+50,0)<") && own.text.contains("Landelijk gemiddelde"))
            #expect(!own.text.contains("Alblasserdam") && !own.text.contains("Zuid-Holland"), "a municipality sees itself and the country, no one else")
            var rob = Browser(client)
            try await rob.signIn("rob@rotterdam.example")
            #expect(try await rob.get(path).status == .notFound, "Rotterdam was not invited to this round")
        }
    }

    @Test("differencing: a municipality cannot subtract its own scores from a national mean of few, this round or the one before; an analyst sees no mean of fewer than five",
          arguments: TestEngine.available)
    func differencing(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            // The earlier round: Zoetermeer alone. The current one: seven, Zoetermeer among them.
            let round = try await Self.rounds(database)
            let rounds = RoundStore(database: database)
            let current = try #require(try await rounds.get(round))
            let earlier = try #require(try await rounds.previous(before: current))
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let analyst = try await TestApp.user(database, email: "n@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            func analysis(_ id: UUID, as user: User) async throws -> [String: Any] {
                let headers: HTTPFields = [.authorization: try await TestApp.bearer(database, user: user)]
                let response = try await client.executeRequest(uri: "/api/v1/quickscans/rondes/\(id.uuidString.lowercased())/analyse", method: .get,
                                                               headers: headers, body: nil)
                #expect(response.status == .ok)
                return try response.json()
            }
            let now = try await analysis(round, as: gina)
            #expect(now["landelijk"] != nil, "six others")
            let previous = try #require(now["vorigeRonde"] as? [String: Any])
            #expect(previous["landelijk"] == nil, "the round before rests on Zoetermeer alone: its national mean is Zoetermeer's own")
            let alone = try await analysis(earlier.id, as: gina)
            #expect(alone["landelijk"] == nil && (alone["eigen"] as? [String: Any])?["scores"] != nil)
            let page = try await {
                var browser = Browser(client)
                try await browser.signIn("gina@zoetermeer.example")
                return try await browser.get("/quickscans/rondes/\(earlier.id.uuidString.lowercased())/analyse")
            }()
            #expect(page.status == .ok && page.text.contains("Wordt getoond zodra het op ten minste vijf andere gemeenten rust"))
            let few = try await analysis(earlier.id, as: analyst)
            #expect(few["landelijk"] == nil && (few["perProvincie"] as? [[String: Any]])?.allSatisfy { $0["scores"] == nil } == true)
            #expect((few["vragen"] as? [[String: Any]])?.allSatisfy { ($0["beantwoord"] as? Int ?? 0) == 0 } == true, "one answer is no count to show")
        }
    }

    @Test("while the round is open an analyst and a municipality see no figure, and are told when they follow; the unit sees them",
          arguments: TestEngine.available)
    func withheldWhileOpen(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let round = try await Self.rounds(database, lastCloses: "2999-02-01")
            let analyst = try await TestApp.user(database, email: "n@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            func analysis(as user: User) async throws -> [String: Any] {
                let response = try await client.executeRequest(uri: "/api/v1/quickscans/rondes/\(round.uuidString.lowercased())/analyse", method: .get,
                                                               headers: [.authorization: try await TestApp.bearer(database, user: user)], body: nil)
                #expect(response.status == .ok)
                return try response.json()
            }
            let open = try await analysis(as: analyst)
            #expect(open["landelijk"] == nil && open["cijfersNaSluiting"] as? String == "2999-02-01")
            #expect((open["perProvincie"] as? [[String: Any]])?.allSatisfy { $0["scores"] == nil } == true)
            #expect((open["behoeften"] as? [[String: Any]])?.allSatisfy { $0["gemeenten"] is NSNull || $0["gemeenten"] == nil } == true)
            let unit = try await analysis(as: advisor)
            #expect(unit["landelijk"] != nil && unit["cijfersNaSluiting"] == nil, "the unit sees named results anyway")
            var gina = Browser(client)
            try await gina.signIn("gina@zoetermeer.example")
            let page = try await gina.get("/quickscans/rondes/\(round.uuidString.lowercased())/analyse")
            #expect(page.status == .ok && page.text.contains("De cijfers verschijnen na de laatste dag (2999-02-01)"))
            #expect(page.text.contains("Wordt getoond na de laatste dag van de ronde") && !page.text.contains("ten minste vijf andere gemeenten rust"),
                    "the national mean is held back for the round, not for too few answers")
        }
    }

    @Test("proposals show matching offerings; the coordinator confirms one into the support desk (once) and dismisses another; an advisor only reads",
          arguments: TestEngine.available)
    func followUp(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let round = try await Self.rounds(database)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let valid = try OfferingDraft(kind: "training", title: "Training signalen herkennen", summary: "Voor professionals.", audiences: ["professionals"],
                                          needs: [NeedCode.training.rawValue], provider: "szw-ess").validated(knownNeeds: Set(Need.shipped.map(\.code)))
            let offering = try await OfferingStore(database: database).create(valid, id: UUID(), by: advisor.id, at: Date())
            let path = "/quickscans/rondes/\(round.uuidString.lowercased())/opvolging"

            var reader = Browser(client)
            try await reader.signIn("a@ess.example")
            let page = try await reader.get(path)
            #expect(page.status == .ok && page.text.contains("Zoetermeer") && page.text.contains("/aanbod/\(offering.slug)"))
            #expect(page.text.contains("Capaciteit 0,0"), "Alblasserdam's capacity is low")
            #expect(!page.text.contains("/bevestiging"), "an advisor does not decide")
            #expect(try await reader.post(path + "/GM0637/bevestiging", form: []).status == .forbidden)

            var coordinator = Browser(client)
            try await coordinator.signIn("c@ess.example")
            _ = try await coordinator.get(path)
            let confirmed = try await coordinator.post(path + "/GM0637/bevestiging", form: [])
            #expect(confirmed.status == .seeOther)
            let decisions = try await FollowUpStore(database: database).decisions(round)
            let requestID = try #require(decisions[MunicipalityCode("GM0637")!]?.requestID)
            let (request, _) = try #require(try await RequestStore(database: database).get(requestID, scope: .party(.expertiseUnit)))
            #expect(request.channel == .quickscan && request.municipality.rawValue == "GM0637" && request.holder == .expertiseUnit)
            #expect(request.needs.contains(.training) && request.description.contains("/aanbod/\(offering.slug)"))
            _ = try await coordinator.get(path)
            #expect(try await coordinator.post(path + "/GM0637/bevestiging", form: []).status == .conflict, "confirmed once")
            #expect(try await coordinator.post(path + "/GM0482/afwijzing", form: []).status == .seeOther)
            let after = try await coordinator.get(path)
            #expect(after.text.contains("/hulpvragen/\(requestID.uuidString.lowercased())") && after.text.contains("Afgewezen op"))
            let filed = try await database.sql.raw("SELECT COUNT(*) AS n FROM support_requests").first()?.decode(column: "n", as: Int.self)
            #expect(filed == 1, "a dismissal files nothing")
            let audit = AuditStore(database: database)
            #expect(try await audit.search(AuditFilter(action: .followUpConfirmed), page: PageRequest()).total == 1)
            #expect(try await audit.search(AuditFilter(action: .followUpDismissed), page: PageRequest()).total == 1)
            #expect(try await audit.search(AuditFilter(action: .requestCreated), page: PageRequest()).total == 1)
        }
    }

    @Test("exports: responses coded per the codebook for the unit, analysis tables with suppression for analysts, each download audited",
          arguments: TestEngine.available)
    func exports(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let round = try await Self.rounds(database)
            let base = "/quickscans/rondes/\(round.uuidString.lowercased())"
            try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            try await TestApp.user(database, email: "n@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var unit = Browser(client)
            try await unit.signIn("a@ess.example")
            let responses = try await unit.get(base + "/antwoorden.csv")
            #expect(responses.status == .ok && responses.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = responses.text.split(separator: "\r\n").map(String.init)
            let header = try #require(lines.first).replacingOccurrences(of: "\u{FEFF}", with: "").split(separator: ";").map(String.init)
            #expect(header.starts(with: ["gemeentecode", "gemeente", "provincie", "inwonerklasse", "status", "ingediend_op"]))
            let zoetermeer = try #require(lines.first { $0.hasPrefix("GM0637;") }).split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let budget = try #require(header.firstIndex(of: "budget")), score = try #require(header.firstIndex(of: "score_capaciteit"))
            let needs = try #require(header.firstIndex(of: "gewenste-ondersteuning"))
            #expect(zoetermeer[budget] == "5" && zoetermeer[score] == "100,0" && zoetermeer[needs] == NeedCode.training.rawValue
                    && zoetermeer[4] == "ingediend")
            let codebook = try await unit.get(base + "/codeboek.csv")
            #expect(codebook.text.contains("budget;") && codebook.text.contains("1=0|2=25|3=50|4=75|5=100") && codebook.text.contains("score_kennis;"))

            var analyst = Browser(client)
            try await analyst.signIn("n@nctv.example")
            #expect(try await analyst.get(base + "/antwoorden.csv").status == .notFound, "analysts get no municipality's answers")
            let tables = try await analyst.get(base + "/analyse.csv")
            #expect(tables.status == .ok && !tables.text.contains("GM0637") && tables.text.contains("provincie;Noord-Holland;1;niet getoond")
                    && tables.text.contains("provincie;Zuid-Holland;6;niet getoond"), "Zuid-Holland hidden too: national minus it would give Noord-Holland back")
            #expect(tables.text.contains("landelijk;;7;25,0"))
            var gina = Browser(client)
            try await gina.signIn("gina@zoetermeer.example")
            #expect(try await gina.get(base + "/analyse.csv").status == .notFound)
            let audit = AuditStore(database: database)
            #expect(try await audit.search(AuditFilter(action: .quickscanExported), page: PageRequest()).total == 3)
        }
    }
}
