import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages and API: the action programme's measures")
struct MeasurePageTests {
    static let unit: [(String, String)] = [("nummer", "25"), ("titel", "Expertise-unit sociale stabiliteit"), ("omschrijving", "Een landelijk expertisepunt."),
                                           ("ministerie", "Ministerie van SZW"), ("organisaties", "SZW, NCTV"), ("status", "lopend"), ("begin", "2026-02-01"),
                                           ("einde", ""), ("rijen", "2"), ("mijlpaal-1-titel", "Unit operationeel"), ("mijlpaal-1-datum", "2026-02-01"),
                                           ("mijlpaal-1-stand", "behaald"), ("mijlpaal-1-behaald", "2026-02-01"), ("mijlpaal-2-titel", ""), ("mijlpaal-2-datum", "")]

    @Test("""
        the coordinator adds a measure (every problem at once, a milestone's named by its row, typed kept), changes it (a stale save refused with \
        what was typed), writes the quarter's progress; the analyst reads it without forms and sees its versions; a municipality is refused
        """)
    func keeping() async throws {
        try await TestApp.with(clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            _ = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator, name: "Carla Coördinator")
            _ = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var coordinator = Browser(client)
            try await coordinator.signIn("carla@ess.example")
            let empty = try await coordinator.get("/programma")
            #expect(empty.status == .ok && empty.text.contains("Er zijn nog geen maatregelen.") && empty.text.contains("href=\"/programma/maatregelen/nieuw\""))
            _ = try await coordinator.get("/programma/maatregelen/nieuw")
            let refused = try await coordinator.post("/programma/maatregelen/nieuw", form: [("nummer", "25f"), ("titel", ""), ("status", "lopend"), ("rijen", "1"),
                                                                                              ("mijlpaal-1-titel", "Publicatie"), ("mijlpaal-1-datum", "31-12-2026")])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("id=\"nummer-fout\"") && refused.text.contains("id=\"titel-fout\"") && refused.text.contains("id=\"mijlpaal-1-datum-fout\""))
            #expect(refused.text.contains("Mijlpaal 1:") && refused.text.contains("value=\"Publicatie\""), "the row named, what was typed kept")

            let added = try await coordinator.post("/programma/maatregelen/nieuw", form: Self.unit)
            #expect(added.status == .seeOther && added.headers[.location] == "/programma/maatregelen/25?gedaan=toegevoegd")
            let page = try await coordinator.get("/programma/maatregelen/25?gedaan=toegevoegd")
            #expect(page.text.contains("De maatregel is toegevoegd.") && page.text.contains("Behaald op 1\u{00A0}feb.\u{00A0}2026") && page.text.contains("1 van 1 mijlpalen behaald"))

            let edit = try await coordinator.get("/programma/maatregelen/25/bewerken")
            #expect(edit.status == .ok && edit.text.contains("value=\"Unit operationeel\"") && edit.text.contains("name=\"versie\" value=\"1\""))
            var changed = Self.unit.filter { $0.0 != "status" && $0.0 != "rijen" } + [("status", "lopend"), ("versie", "1"), ("rijen", "2")]
            changed = changed.map { $0.0 == "mijlpaal-2-titel" ? ($0.0, "Eerste leerkring") : $0.0 == "mijlpaal-2-datum" ? ($0.0, "2027-01-15") : $0 }
            #expect(try await coordinator.post("/programma/maatregelen/25/bewerken", form: changed).status == .seeOther)
            let stale = try await coordinator.post("/programma/maatregelen/25/bewerken",
                                                   form: changed.map { $0.0 == "titel" ? ($0.0, "Op een oude versie") : $0 })
            #expect(stale.status == .conflict && stale.text.contains("Op een oude versie") && stale.text.contains("id=\"versie-fout\""))

            let progress = try await coordinator.post("/programma/maatregelen/25/voortgang", form: [("periode", "2026-K4"), ("tekst", "Een aantal gemeenten is geadviseerd.")])
            #expect(progress.status == .seeOther)
            let future = try await coordinator.post("/programma/maatregelen/25/voortgang", form: [("periode", "2027-K2"), ("tekst", "Later")])
            #expect(future.status == .badRequest && future.text.contains("id=\"periode-fout\"") && future.text.contains(">Later</textarea>"))

            var analyst = Browser(client)
            try await analyst.signIn("anouk@nctv.example")
            let list = try await analyst.get("/programma")
            #expect(list.status == .ok && list.text.contains("Expertise-unit sociale stabiliteit") && list.text.contains("1 van 2 mijlpalen behaald")
                    && list.text.contains("aria-current=\"page\">Programma</a>"))
            let read = try await analyst.get("/programma/maatregelen/25")
            #expect(read.text.contains("Een aantal gemeenten is geadviseerd.") && read.text.contains("4e kwartaal 2026") && !read.text.contains("name=\"tekst\"")
                    && !read.text.contains("/bewerken\""))
            #expect(read.text.contains("Versie 2,") && read.text.contains("Carla Coördinator: mijlpalen"))
            #expect(read.text.contains("href=\"/programma/indicatoren/gemeenten-geadviseerd\""), "the indicators that report on measure 25")
            let first = try await analyst.get("/programma/maatregelen/25?versie=1")
            #expect(first.text.contains("U bekijkt versie 1") && !first.text.contains("Eerste leerkring"))
            #expect(try await analyst.get("/programma/maatregelen/25/bewerken").status == .forbidden)
            #expect(try await analyst.get("/programma/maatregelen/99").status == .notFound)

            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            #expect(try await official.get("/programma/maatregelen/25").status == .forbidden)
        }
    }

    @Test("the API: a measure added and read with its milestones (problems named by their place in the body), changed with If-Match, its versions, a quarter's progress; a part under its measure in the list",
          arguments: TestEngine.available)
    func api(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role, name: "Carla Coördinator")
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let coordinator = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let analyst = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let wrong = try await coordinator.post("/maatregelen", #"{"nummer":"25","titel":"Unit","status":"lopend","mijlpalen":[{"titel":"Start","datum":"2026-01-01","stand":"behaald"}]}"#)
            let problems = try PlanAPITests.problems(wrong)
            #expect(wrong.status == .badRequest && problems == ["mijlpalen[0].behaaldOp:required_when_reached"], "\(problems)")
            let created = try await coordinator.post("/maatregelen", #"{"nummer":"25","titel":"Unit","status":"lopend","mijlpalen":[{"titel":"Start","datum":"2026-01-01","stand":"behaald","behaaldOp":"2026-01-02"}]}"#)
            #expect(created.status == .created && created.headers[.location] == "/api/v1/maatregelen/25" && created.headers[.eTag] == "\"1\"")
            #expect(try await coordinator.post("/maatregelen", #"{"nummer":"25f","titel":"Onderzoek","status":"gepland","mijlpalen":[{"titel":"Publicatie","datum":"2026-06-30"}]}"#).status == .created)
            #expect(try await official.get("/maatregelen").status == .forbidden)
            #expect(try await analyst.post("/maatregelen", #"{"nummer":"25","titel":"Dubbel","status":"lopend"}"#).status == .badRequest)

            let list = try await analyst.get("/maatregelen")
            let rows = (try list.json()["resultaten"] as? [[String: Any]]) ?? []
            #expect(rows.compactMap { $0["nummer"] as? String } == ["25", "25f"] && rows.last?["onderdeelVan"] as? String == "25")
            let summary = rows.first?["voortgangMijlpalen"] as? [String: Any]
            #expect(summary?["behaald"] as? Int == 1 && summary?["totaal"] as? Int == 2 && summary?["teLaat"] as? Int == 1)

            var headers = HTTPFields([HTTPField(name: .authorization, value: coordinator.auth), HTTPField(name: .contentType, value: "application/json")])
            headers[.ifMatch] = "\"1\""
            let body = ByteBuffer(string: #"{"nummer":"25f","titel":"Onderzoek triggerfactoren","status":"lopend","mijlpalen":[{"titel":"Publicatie","datum":"2026-12-31"}]}"#)
            let changed = try await client.executeRequest(uri: "/api/v1/maatregelen/25f", method: .put, headers: headers, body: body)
            #expect(changed.status == .ok && changed.headers[.eTag] == "\"2\"")
            #expect(try await client.executeRequest(uri: "/api/v1/maatregelen/25f", method: .put, headers: headers, body: body).status == .preconditionFailed)
            var analystHeaders = headers
            analystHeaders[.authorization] = analyst.auth
            analystHeaders[.ifMatch] = "\"2\""
            #expect(try await client.executeRequest(uri: "/api/v1/maatregelen/25f", method: .put, headers: analystHeaders, body: body).status == .forbidden)

            let versions = ((try await analyst.get("/maatregelen/25f/versies").json()["resultaten"] as? [[String: Any]]) ?? [])
            #expect(versions.compactMap { $0["versie"] as? Int } == [2, 1] && versions.first?["gewijzigd"] as? [String] == ["titel", "status", "mijlpalen"])
            let first = try await analyst.get("/maatregelen/25f/versies/1").json()
            #expect(first["titel"] as? String == "Onderzoek")
            let milestones = ((try await analyst.get("/maatregelen/25f/mijlpalen").json()["resultaten"] as? [[String: Any]]) ?? [])
            #expect(milestones.first?["datum"] as? String == "2026-12-31" && milestones.first?["teLaat"] as? Bool == false)

            var progressHeaders = headers
            progressHeaders[.ifMatch] = nil
            let written = try await client.executeRequest(uri: "/api/v1/maatregelen/25/voortgang/2026-K4", method: .put, headers: progressHeaders,
                                                          body: ByteBuffer(string: #"{"tekst":"Gemeenten geadviseerd."}"#))
            #expect(written.status == .ok)
            #expect(try await client.executeRequest(uri: "/api/v1/maatregelen/25/voortgang/2027-K3", method: .put, headers: progressHeaders,
                                                    body: ByteBuffer(string: #"{"tekst":"Later"}"#)).status == .badRequest)
            let progress = ((try await analyst.get("/maatregelen/25/voortgang").json()["resultaten"] as? [[String: Any]]) ?? [])
            #expect(progress.count == 1 && progress.first?["periode"] as? String == "2026-K4" && progress.first?["door"] as? String == "Carla Coördinator")
        }
    }
}

@Suite("Pages and API: the programme's indicators")
struct IndicatorPageTests {
    @Test("the unit reads a quarter's figures and the requests behind one it may open; an analyst the same figures without them; a municipality is refused; the API gives the definitions and a figure with its provenance",
          arguments: TestEngine.available)
    func figures(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            let coordinator = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let analyst = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let store = RequestStore(database: database)
            let valid = try RequestDraft(title: "Vraag", description: "Over de aanpak", requester: "GM0637", municipality: "GM0637", needs: ["breed-preventieve-aanpak"],
                                         channel: RequestChannel.unitDirect.rawValue).validated(knownNeeds: Set(Need.shipped.map(\.code)))
            let request = try await store.create(valid, id: UUID(), desk: .expertiseUnit, createdBy: coordinator.id, at: Date(timeIntervalSince1970: 1_796_000_000),
                                                 targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))

            var unit = Browser(client)
            try await unit.signIn("carla@ess.example")
            let list = try await unit.get("/programma/indicatoren?periode=2026-K4")
            #expect(list.status == .ok && list.text.contains("Hulpvragen per kanaal") && list.text.contains("Dit kwartaal loopt"))
            let one = try await unit.get("/programma/indicatoren/hulpvragen-per-kanaal?periode=2026-K4")
            #expect(one.text.contains(request.number) && one.text.contains("href=\"/hulpvragen/\(request.id.lowercasedText)\""), "the request behind the figure")
            #expect(try await unit.get("/programma/indicatoren/bestaat-niet").status == .notFound)
            // Broken down by need instead of channel: the need's name, and that the parts may add up to more.
            let byNeed = try await unit.get("/programma/indicatoren/hulpvragen-per-kanaal?periode=2026-K4&uitsplitsing=behoefte")
            #expect(byNeed.status == .ok && byNeed.text.contains("<option value=\"behoefte\" selected>Per behoefte</option>")
                    && byNeed.text.contains("Advies over een brede preventieve aanpak") && byNeed.text.contains("de delen tellen samen op tot meer dan het geheel"))
            let unknown = try await unit.get("/programma/indicatoren/hulpvragen-per-kanaal?periode=2026-K4&uitsplitsing=soort")
            #expect(unknown.status == .ok && unknown.text.contains("<option value=\"kanaal\" selected>"), "a breakdown it does not have: its own")

            var national = Browser(client)
            try await national.signIn("anouk@nctv.example")
            let hidden = try await national.get("/programma/indicatoren/hulpvragen-per-kanaal?periode=2026-K4")
            #expect(hidden.status == .ok && !hidden.text.contains(request.number) && hidden.text.contains("Een streepje (–)"), "one municipality: hidden from the analyst")

            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            #expect(try await official.get("/programma/indicatoren").status == .forbidden)

            let auth = try await TestApp.bearer(database, user: analyst, scopes: [.read])
            let unitAuth = try await TestApp.bearer(database, user: coordinator, scopes: [.read])
            let definitions = try await client.executeRequest(uri: "/api/v1/indicatoren", method: .get, headers: [.authorization: auth], body: nil)
            let codes = ((try definitions.json()["resultaten"] as? [[String: Any]]) ?? []).compactMap { $0["code"] as? String }
            #expect(codes == IndicatorCode.allCases.map(\.rawValue))
            let ginaAuth = try await TestApp.bearer(database, user: gina, scopes: [.read])
            #expect(try await client.executeRequest(uri: "/api/v1/indicatoren", method: .get, headers: [.authorization: ginaAuth], body: nil).status == .forbidden)
            let value = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026-K4", method: .get, headers: [.authorization: unitAuth], body: nil)
            let body = try value.json()
            let recordsHref = ((body["_links"] as? [String: Any])?["gegevens"] as? [String: Any])?["href"] as? String
            #expect(body["waarde"] as? Double == 1 && body["vastgesteld"] as? Bool == false
                    && recordsHref == "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026-K4/gegevens")
            // The requests behind it, a page at a time by number: a second request, one a page.
            let second = try await store.create(valid, id: UUID(), desk: .expertiseUnit, createdBy: coordinator.id, at: Date(timeIntervalSince1970: 1_796_000_100),
                                                targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            let firstPage = try await client.executeRequest(uri: "\(recordsHref ?? "")?paginaGrootte=1", method: .get, headers: [.authorization: unitAuth], body: nil).json()
            let secondPage = try await client.executeRequest(uri: "\(recordsHref ?? "")?paginaGrootte=1&pagina=2", method: .get, headers: [.authorization: unitAuth], body: nil).json()
            func numbers(_ page: [String: Any]) -> [String] { ((page["resultaten"] as? [[String: Any]]) ?? []).compactMap { $0["nummer"] as? String } }
            #expect(firstPage["totaal"] as? Int == 2 && numbers(firstPage) == [request.number] && numbers(secondPage) == [second.number])
            let firstLink = (((firstPage["resultaten"] as? [[String: Any]])?.first?["_links"] as? [String: Any])?["self"] as? [String: Any])?["href"] as? String
            #expect(firstLink == "/api/v1/hulpvragen/\(request.id.lowercasedText)")
            #expect(((firstPage["_links"] as? [String: Any])?["next"] as? [String: Any]) != nil && ((secondPage["_links"] as? [String: Any])?["next"]) == nil)
            let badPage = try await client.executeRequest(uri: "\(recordsHref ?? "")?pagina=0", method: .get, headers: [.authorization: unitAuth], body: nil)
            #expect(badPage.status == .badRequest)
            let forAnalyst = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026-K4", method: .get, headers: [.authorization: auth], body: nil).json()
            #expect(forAnalyst["waarde"] == nil && forAnalyst["verborgen"] as? Bool == true && (forAnalyst["_links"] as? [String: Any])?["gegevens"] == nil)
            let analystRecords = try await client.executeRequest(uri: "\(recordsHref ?? "")", method: .get, headers: [.authorization: auth], body: nil).json()
            #expect(analystRecords["totaal"] as? Int == 0 && numbers(analystRecords).isEmpty, "an analyst opens no request behind a figure")
            #expect(try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2027-K2", method: .get, headers: [.authorization: auth], body: nil).status == .badRequest)
            // A year: its quarters together, in the chooser and in the API.
            let yearPage = try await unit.get("/programma/indicatoren?periode=2026")
            #expect(yearPage.status == .ok && yearPage.text.contains("Dit jaar loopt") && yearPage.text.contains("<option value=\"2026\" selected>Heel 2026</option>")
                    && !yearPage.text.contains("action=\"/programma/indicatoren/vaststellen\""))
            let yearValue = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026", method: .get, headers: [.authorization: unitAuth], body: nil).json()
            #expect(yearValue["periode"] as? String == "2026" && yearValue["waarde"] as? Double == 2)
            let byProvince = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026-K4?uitsplitsing=provincie", method: .get,
                                                             headers: [.authorization: unitAuth], body: nil).json()
            let provinceParts = ((byProvince["uitsplitsing"] as? [[String: Any]]) ?? []).compactMap { $0["deel"] as? String }
            #expect(byProvince["uitsplitsingNaar"] as? String == "provincie" && byProvince["uitsplitsingBewaard"] as? Bool == true && provinceParts == ["Zuid-Holland"])
            let wrongBreakdown = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026-K4?uitsplitsing=soort", method: .get,
                                                                 headers: [.authorization: unitAuth], body: nil)
            #expect(wrongBreakdown.status == .badRequest)
            let yearRecords = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026/gegevens", method: .get,
                                                              headers: [.authorization: unitAuth], body: nil).json()
            #expect(Set(numbers(yearRecords)) == [request.number, second.number])
            #expect(try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2027", method: .get, headers: [.authorization: auth], body: nil).status == .badRequest)
        }
    }

    @Test("an analyst closes an ended quarter in the page (the unit cannot), once, and its figures are kept; the API lists the closed quarters and refuses a running one, a second close and the unit",
          arguments: TestEngine.available)
    func closing(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in  // 29 November 2026
            let coordinator = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let analyst = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var unit = Browser(client)
            try await unit.signIn("carla@ess.example")
            let open = try await unit.get("/programma/indicatoren?periode=2026-K3")
            #expect(open.text.contains("Dit kwartaal is voorbij maar nog niet vastgesteld") && !open.text.contains("action=\"/programma/indicatoren/vaststellen\""),
                    "the unit reads the state, and cannot close")
            #expect(try await unit.post("/programma/indicatoren/vaststellen", form: [("periode", "2026-K3")]).status == .forbidden)

            var national = Browser(client)
            try await national.signIn("anouk@nctv.example")
            let running = try await national.get("/programma/indicatoren?periode=2026-K4")
            #expect(!running.text.contains("action=\"/programma/indicatoren/vaststellen\""), "a running quarter cannot be closed")
            let page = try await national.get("/programma/indicatoren?periode=2026-K3")
            #expect(page.text.contains("3e kwartaal 2026 vaststellen") && page.text.contains(#"name="periode" value="2026-K3""#))
            let closed = try await national.post("/programma/indicatoren/vaststellen", form: [("periode", "2026-K3")])
            #expect(closed.status == .seeOther && closed.headers[.location] == "/programma/indicatoren?periode=2026-K3&gedaan=vastgesteld")
            let after = try await national.get("/programma/indicatoren?periode=2026-K3&gedaan=vastgesteld")
            #expect(after.text.contains("Het kwartaal is vastgesteld.") && after.text.contains("door ") && after.text.contains("Vastgesteld: gelezen")
                    && !after.text.contains("action=\"/programma/indicatoren/vaststellen\""))
            #expect(try await national.post("/programma/indicatoren/vaststellen", form: [("periode", "2026-K3")]).status == .conflict)
            #expect(try await IndicatorStore(database: database).frozen(.requestsByChannel, in: PlanQuarter("2026-K3")!) != nil)

            let auth = try await TestApp.bearer(database, user: analyst, scopes: [.read, .write])
            let unitAuth = try await TestApp.bearer(database, user: coordinator, scopes: [.read, .write])
            func post(_ body: String, _ token: String) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1/indicatoren/vaststellingen", method: .post,
                                                headers: [.authorization: token, .contentType: "application/json"], body: ByteBuffer(string: body))
            }
            #expect(try await post(#"{"periode":"2026-K2"}"#, unitAuth).status == .forbidden)
            let running2 = try await post(#"{"periode":"2026-K4"}"#, auth)
            #expect(running2.status == .badRequest && running2.text.contains("period_not_ended"))
            #expect(try await post(#"{}"#, auth).status == .badRequest)
            let made = try await post(#"{"periode":"2026-K2"}"#, auth)
            #expect(made.status == .created && made.headers[.location] == "/api/v1/indicatoren/vaststellingen/2026-K2")
            #expect(try await post(#"{"periode":"2026-K2"}"#, auth).status == .conflict)
            let list = try await client.executeRequest(uri: "/api/v1/indicatoren/vaststellingen", method: .get, headers: [.authorization: unitAuth], body: nil)
            #expect(((try list.json()["resultaten"] as? [[String: Any]]) ?? []).compactMap { $0["periode"] as? String } == ["2026-K3", "2026-K2"])
            #expect(try await client.executeRequest(uri: "/api/v1/indicatoren/vaststellingen/2026-K1", method: .get, headers: [.authorization: auth], body: nil).status
                    == .notFound)
            let value = try await client.executeRequest(uri: "/api/v1/indicatoren/hulpvragen-per-kanaal/waarden/2026-K2", method: .get, headers: [.authorization: auth],
                                                        body: nil).json()
            #expect(value["vastgesteld"] as? Bool == true)
        }
    }

    @Test("an analyst sets a target in the page (every problem at once, what was typed kept), sees whether it is reached, removes it and chooses a baseline; the unit reads them without forms; the API the same",
          arguments: TestEngine.available)
    func aims(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in  // 29 November 2026
            let coordinator = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let analyst = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var national = Browser(client)
            try await national.signIn("anouk@nctv.example")
            let path = "/programma/indicatoren/bijeenkomsten-gehouden"
            let page = try await national.get(path + "?periode=2026-K4")
            #expect(page.text.contains("Er zijn nog geen streefwaarden vastgelegd.") && page.text.contains(#"id="streefperiode""#)
                    && page.text.contains("Er is nog geen kwartaal vastgesteld"), "no closed quarter: no baseline to choose")
            let refused = try await national.post(path + "/streefwaarden?periode=2026-K4", form: [("streefperiode", "2026-Q4"), ("streefwaarde", "1,5")])
            #expect(refused.status == .badRequest && refused.text.contains(##"href="#streefperiode""##) && refused.text.contains(##"href="#streefwaarde""##)
                    && refused.text.contains("Deze indicator telt: vul een heel getal in.") && refused.text.contains(#"value="2026-Q4""#)
                    && refused.text.contains(#"aria-invalid="true""#))
            let saved = try await national.post(path + "/streefwaarden?periode=2026-K4", form: [("streefperiode", "2026-K4"), ("streefwaarde", "2")])
            #expect(saved.status == .seeOther)
            let after = try await national.get(path + "?periode=2026-K4&gedaan=streefwaarde")
            #expect(after.text.contains("De streefwaarde is opgeslagen.") && after.text.contains("Streefwaarde voor dit kwartaal: 2. Nog niet gehaald."))
            let list = try await national.get("/programma/indicatoren?periode=2026-K4")
            #expect(list.text.contains("2 (nog niet)"))
            #expect(try await national.post(path + "/streefwaarden/2026-K4/verwijderen?periode=2026-K4", form: []).status == .seeOther)
            #expect(try await national.get(path + "?periode=2026-K4").text.contains("Er zijn nog geen streefwaarden vastgelegd."))
            _ = try await national.post("/programma/indicatoren/vaststellen", form: [("periode", "2026-K3")])
            let baseline = try await national.post(path + "/nulmeting?periode=2026-K4", form: [("nulmeting", "2026-K3")])
            #expect(baseline.status == .seeOther)
            #expect(try await national.get(path + "?periode=2026-K4").text.contains("Nulmeting: 0 (3e kwartaal 2026, vastgesteld)."))

            var unit = Browser(client)
            try await unit.signIn("carla@ess.example")
            let read = try await unit.get(path + "?periode=2026-K4")
            #expect(read.text.contains("Nulmeting: 0") && !read.text.contains(#"id="streefperiode""#) && !read.text.contains(#"id="nulmeting""#))
            #expect(try await unit.post(path + "/streefwaarden", form: [("streefperiode", "2027"), ("streefwaarde", "3")]).status == .forbidden)

            let auth = try await TestApp.bearer(database, user: analyst, scopes: [.read, .write])
            let unitAuth = try await TestApp.bearer(database, user: coordinator, scopes: [.read, .write])
            func send(_ method: HTTPRequest.Method, _ uri: String, _ body: String?, _ token: String) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1/indicatoren/bijeenkomsten-gehouden" + uri, method: method,
                                                headers: [.authorization: token, .contentType: "application/json"], body: body.map { ByteBuffer(string: $0) })
            }
            let put = try await send(.put, "/streefwaarden/2027", #"{"waarde":12}"#, auth)
            let putBody = try put.json()
            #expect(put.status == .ok && putBody["periode"] as? String == "2027")
            #expect(try await send(.put, "/streefwaarden/2027", #"{"waarde":12.5}"#, auth).status == .badRequest)
            #expect(try await send(.put, "/streefwaarden/2027", #"{"waarde":12}"#, unitAuth).status == .forbidden)
            let aims = try await send(.get, "/doelen", nil, unitAuth).json()
            #expect((aims["streefwaarden"] as? [[String: Any]])?.first?["waarde"] as? Double == 12
                    && (aims["nulmeting"] as? [String: Any])?["periode"] as? String == "2026-K3")
            #expect(try await send(.put, "/nulmeting", #"{"periode":"2026-K2"}"#, auth).status == .badRequest, "a quarter not closed")
            #expect(try await send(.delete, "/streefwaarden/2027", nil, auth).status == .noContent)
            #expect(try await send(.delete, "/streefwaarden/2027", nil, auth).status == .notFound)
        }
    }
}
