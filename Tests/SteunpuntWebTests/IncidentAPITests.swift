import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: the incident register")
struct IncidentAPITests {
    @Test("a municipality registers (every problem at once), reads, changes the handling (If-Match or versie) and shares; the unit reads only what is shared; others are refused",
          arguments: TestEngine.available)
    func register(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let delft = try await caller("dirk@delft.example", "GM0503", .municipalOfficial)
            let advisor = try await caller("adam@ess.example", "szw-ess", .unitAdvisor)
            let analyst = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)

            let refused = try await official.post("/incidenten", #"{"soort":"incident-elders","datum":"2027-02-01","plaats":"school","wijk":"Dorpsstraat 12","ernst":"hoog","beschrijving":"x"}"#)
            #expect(refused.status == .badRequest)
            let problems = try PlanAPITests.problems(refused)
            #expect(problems.isSuperset(of: ["datum:date_in_future", "wijk:no_address", "gronden:required", "aard:required", "terrein:required"]), "\(problems)")

            let created = try await official.post("/incidenten", """
                {"soort":"discriminatoir-incident-gebedshuis","datum":"2026-11-20","tijd":"22:15","plaats":"gebedshuis","wijk":"Palenstein",
                 "gronden":["godsdienst"],"aard":"vernieling-of-bekladding","terrein":"openbare-ruimte","ernst":"hoog",
                 "beschrijving":"Leuzen op de gevel van de moskee gekalkt."}
                """)
            let body = try created.json()
            let id = try #require(body["id"] as? String)
            #expect(created.status == .created && created.headers[.location] == "/api/v1/incidenten/\(id)" && created.headers[.eTag] == "\"1\"")
            #expect(body["nummer"] as? String == "IN-2026-00001" && body["gemeente"] as? String == "GM0637" && body["status"] as? String == "geregistreerd")
            #expect(try await advisor.post("/incidenten", #"{"soort":"anders","datum":"2026-11-20","plaats":"online","ernst":"laag","beschrijving":"x"}"#).status == .forbidden)

            let listed = try await official.get("/incidenten?status=geregistreerd")
            let total = try listed.json()["totaal"] as? Int
            #expect(listed.status == .ok && total == 1)
            #expect(try await official.get("/incidenten?status=weg").status == .badRequest)
            #expect(try await analyst.get("/incidenten").status == .forbidden)
            #expect(try await delft.get("/incidenten/\(id)").status == .notFound)
            #expect(try await advisor.get("/incidenten/\(id)").status == .notFound, "not shared yet")

            let changed = try await official.post("/incidenten/\(id)/wijzigingen", #"{"status":"in-behandeling","toelichting":"Aangifte gedaan.","versie":1}"#)
            let changedStatus = try changed.json()["status"] as? String
            #expect(changed.status == .ok && changed.headers[.eTag] == "\"2\"" && changedStatus == "in-behandeling")
            #expect(try await official.post("/incidenten/\(id)/wijzigingen", #"{"status":"afgesloten","versie":1}"#).status == .conflict)
            #expect(try await official.post("/incidenten/\(id)/wijzigingen", #"{"spanningsniveau":"escalatie","toelichting":"x"}"#).status == .badRequest,
                    "a level only for a tension signal")

            var share = HTTPFields([HTTPField(name: .authorization, value: official.auth)])
            share[.ifMatch] = "\"1\""
            #expect(try await client.executeRequest(uri: "/api/v1/incidenten/\(id)/delingen/szw-ess", method: .put, headers: share, body: nil).status == .preconditionFailed)
            share[.ifMatch] = "\"2\""
            let shared = try await client.executeRequest(uri: "/api/v1/incidenten/\(id)/delingen/szw-ess", method: .put, headers: share, body: nil)
            let isShared = try shared.json()["gedeeldMetExpertiseUnit"] as? Bool
            #expect(shared.status == .ok && isShared == true)
            let advisorHeaders = HTTPFields([HTTPField(name: .authorization, value: advisor.auth)])
            #expect(try await client.executeRequest(uri: "/api/v1/incidenten/\(id)/delingen/szw-ess", method: .delete, headers: advisorHeaders, body: nil).status == .forbidden)
            #expect(try await client.executeRequest(uri: "/api/v1/incidenten/\(id)/delingen/politie", method: .put, headers: share, body: nil).status == .badRequest,
                    "no such organisation")

            let read = try await advisor.get("/incidenten/\(id)")
            let description = try read.json()["beschrijving"] as? String
            #expect(read.status == .ok && description == "Leuzen op de gevel van de moskee gekalkt.")
            let unitList = try await advisor.get("/incidenten")
            #expect(((try unitList.json()["resultaten"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == [id])
            let history = try await official.get("/incidenten/\(id)/geschiedenis")
            let lines = ((try history.json()["resultaten"] as? [[String: Any]]) ?? []).compactMap { $0["wijziging"] as? String }
            #expect(lines == ["registratie", "status", "gedeeld"])
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .incidentRead), page: PageRequest()).total
            #expect(reads == 2, "each read of the incident (by the unit, of the history) is audited")

            // Help from the unit: once, 201 with the request; the incident names it.
            #expect(try await advisor.post("/incidenten/\(id)/hulpvraag", #"{"vraag":"Advies"}"#).status == .forbidden)
            #expect(try await official.post("/incidenten/\(id)/hulpvraag", #"{"vraag":""}"#).status == .badRequest)
            let asked = try await official.post("/incidenten/\(id)/hulpvraag", #"{"vraag":"Hoe organiseren wij een gesprek met de gemeenschap?"}"#)
            let help = try asked.json()
            let request = try #require(help["hulpvraag"] as? String)
            #expect(asked.status == .created && asked.headers[.location] == "/api/v1/hulpvragen/\(request)" && (help["nummer"] as? String)?.hasPrefix("HV-2026-") == true)
            #expect(try await official.post("/incidenten/\(id)/hulpvraag", #"{"vraag":"Nog een"}"#).status == .conflict)
            let linked = try await official.get("/incidenten/\(id)").json()
            #expect(linked["hulpvraag"] as? String == request && ((linked["_links"] as? [String: Any])?["hulpvraag"] as? [String: Any])?["href"] as? String == "/api/v1/hulpvragen/\(request)")
            let filed = try await official.get("/hulpvragen/\(request)").json()
            #expect(filed["kanaal"] as? String == "incident")
        }
    }

    @Test("sharing with a partner through the API: PUT and DELETE by the municipality (a non-partner a 400), its shares listed with who and when; the partner reads the incident without whom else it is shared with and cannot list the shares; once ended, a 404",
          arguments: TestEngine.available)
    func partners(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            try await OrganisationStore(database: database).create(Organisation(id: OrganisationID("politie-den-haag")!, name: "Politie eenheid Den Haag",
                                                                                kind: .police), at: Date())
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role, name: "Gina Gemeente")
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let police = try await caller("pim@politie.example", "politie-den-haag", .partnerStaff)
            let created = try await official.post("/incidenten", """
                {"soort":"online-dreiging","datum":"2026-11-20","plaats":"online","gronden":["godsdienst"],"aard":"bedreiging","terrein":"media-internet",
                 "ernst":"midden","beschrijving":"Dreigende berichten aan het moskeebestuur."}
                """)
            let id = try #require(try created.json()["id"] as? String)
            func send(_ method: HTTPRequest.Method, _ path: String, as who: PlanAPITests.Caller) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1\(path)", method: method, headers: HTTPFields([HTTPField(name: .authorization, value: who.auth)]), body: nil)
            }
            let notPartner = try await send(.put, "/incidenten/\(id)/delingen/nctv", as: official)
            let problems = try PlanAPITests.problems(notPartner)
            #expect(notPartner.status == .badRequest && problems == ["organisatie:invalid_share_organisation"])
            #expect(try await police.get("/incidenten/\(id)").status == .notFound)
            let shared = try await send(.put, "/incidenten/\(id)/delingen/politie-den-haag", as: official)
            let sharedWith = try shared.json()["gedeeldMet"] as? [String]
            #expect(shared.status == .ok && sharedWith == ["politie-den-haag"] && shared.headers[.eTag] == "\"2\"")

            let read = try await police.get("/incidenten/\(id)")
            let body = try read.json()
            #expect(read.status == .ok && body["beschrijving"] as? String == "Dreigende berichten aan het moskeebestuur.")
            #expect(body["gedeeldMet"] == nil && body["gedeeldMetExpertiseUnit"] == nil && (body["_links"] as? [String: Any])?["delingen"] == nil)
            let listed = try await police.get("/incidenten")
            #expect(((try listed.json()["resultaten"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } == [id])
            #expect(try await police.get("/incidenten/\(id)/delingen").status == .forbidden)
            #expect(try await send(.delete, "/incidenten/\(id)/delingen/politie-den-haag", as: police).status == .forbidden)

            #expect(try await send(.delete, "/incidenten/\(id)/delingen/politie-den-haag", as: official).status == .ok)
            #expect(try await police.get("/incidenten/\(id)").status == .notFound)
            let shares = try await official.get("/incidenten/\(id)/delingen")
            let rows = (try shares.json()["resultaten"] as? [[String: Any]]) ?? []
            #expect(shares.status == .ok && rows.count == 1 && rows.first?["organisatie"] as? String == "politie-den-haag"
                    && rows.first?["naam"] as? String == "Politie eenheid Den Haag" && rows.first?["actief"] as? Bool == false
                    && rows.first?["gedeeldDoor"] as? String == "Gina Gemeente" && rows.first?["beeindigdOp"] != nil)
        }
    }

    @Test("handling steps through the API: the steps with their progress, a step changed (If-Match or versie; every problem at once), its line in the history; the tension's levels; the template's versions, a new one by the coordinator with problems per step",
          arguments: TestEngine.available)
    func steps(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            func put(_ who: PlanAPITests.Caller, _ path: String, _ json: String, ifMatch: String? = nil) async throws -> TestResponse {
                var headers: HTTPFields = [.authorization: who.auth, .contentType: "application/json"]
                if let ifMatch { headers[.ifMatch] = ifMatch }
                return try await client.executeRequest(uri: "/api/v1" + path, method: .put, headers: headers, body: ByteBuffer(string: json))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let advisor = try await caller("adam@ess.example", "szw-ess", .unitAdvisor)
            let coordinator = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let analyst = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)
            let created = try await official.post("/incidenten", """
                {"soort":"spanning-in-wijk","datum":"2026-11-20","plaats":"wijk","wijk":"Meerzicht","ernst":"midden",
                 "beschrijving":"Onrust tussen groepen jongeren."}
                """)
            let id = try #require(try created.json()["id"] as? String)

            let steps = try await official.get("/incidenten/\(id)/stappen")
            let list = try steps.json()
            let rows = try #require(list["resultaten"] as? [[String: Any]])
            #expect(steps.status == .ok && rows.count == 6 && list["afgerond"] as? Int == 0 && list["totaal"] as? Int == 6)
            #expect(rows.first?["code"] as? String == "contact-bestuur" && rows.first?["partij"] as? String == "gebedshuis" && rows.first?["stappenplanVersie"] as? Int == 1)

            let wrong = try await put(official, "/incidenten/\(id)/stappen/melding-politie", #"{"status":"gedaan","gedaanOp":"2026-11-19","toelichting":"BSN 111222333"}"#)
            let wrongProblems = try PlanAPITests.problems(wrong)
            #expect(wrong.status == .badRequest && wrongProblems == ["gedaanOp:before_incident", "toelichting:personal_identifier_bsn"], "\(wrongProblems)")
            let done = try await put(official, "/incidenten/\(id)/stappen/melding-politie", #"{"status":"gedaan","gedaanOp":"2026-11-21","toelichting":"Melding gedaan"}"#,
                                     ifMatch: "\"1\"")
            let doneDay = try done.json()["gedaanOp"] as? String
            #expect(done.status == .ok && done.headers[.eTag] == "\"2\"" && doneDay == "2026-11-21")
            let precondition = try await put(official, "/incidenten/\(id)/stappen/melding-politie", #"{"status":"open"}"#, ifMatch: "\"1\"")
            let conflict = try await put(official, "/incidenten/\(id)/stappen/melding-politie", #"{"status":"open","versie":1}"#)
            let missing = try await put(official, "/incidenten/\(id)/stappen/bestaat-niet", #"{"status":"open"}"#)
            let unshared = try await put(advisor, "/incidenten/\(id)/stappen/melding-politie", #"{"status":"open"}"#)
            #expect(precondition.status == .preconditionFailed && conflict.status == .conflict && missing.status == .notFound)
            #expect(unshared.status == .notFound, "not shared: not there")
            let history = try #require(try await official.get("/incidenten/\(id)/geschiedenis").json()["resultaten"] as? [[String: Any]])
            let line = try #require(history.first { $0["wijziging"] as? String == "stap" })
            #expect(line["stap"] as? String == "melding-politie" && line["van"] as? String == "open" && line["naar"] as? String == "gedaan")

            #expect(try await official.post("/incidenten/\(id)/wijzigingen", #"{"spanningsniveau":"escalatie","toelichting":"Oproepen op sociale media."}"#).status == .ok)
            let levels = try #require(try await official.get("/incidenten/\(id)/spanningsniveaus").json()["resultaten"] as? [[String: Any]])
            #expect(levels.map { $0["niveau"] as? String } == ["signaal", "escalatie"] && levels.last?["van"] as? String == "signaal"
                    && levels.last?["toelichting"] as? String == "Oproepen op sociale media.")

            let template = try await official.get("/incident-stappenplan")
            let templateVersion = try template.json()["versie"] as? Int
            #expect(template.status == .ok && template.headers[.eTag] == "\"1\"" && templateVersion == 1)
            #expect(try await analyst.get("/incident-stappenplan").status == .forbidden)
            let body = #"{"stappen":[{"titel":"Contact","partij":"gebedshuis"},{"titel":"contact","partij":"bestuur"}],"handreiking":"bestaat-niet","wijziging":"Korter"}"#
            #expect(try await advisor.post("/incident-stappenplan/versies", body).status == .forbidden)
            let refused = try await coordinator.post("/incident-stappenplan/versies", body)
            let refusedProblems = try PlanAPITests.problems(refused)
            #expect(refused.status == .badRequest
                    && refusedProblems == ["stappen[1].titel:duplicate_step", "stappen[1].partij:invalid_party", "handreiking:unknown_offering"], "\(refusedProblems)")
            let published = try await coordinator.post("/incident-stappenplan/versies",
                                                       #"{"stappen":[{"code":"contact-bestuur","titel":"Contact","partij":"gebedshuis"},{"titel":"Melden","partij":"politie","toelichting":"Bij de politie"}],"wijziging":"Korter","gebaseerdOp":1}"#)
            let version = try published.json()
            #expect(published.status == .created && published.headers[.location] == "/api/v1/incident-stappenplan/versies/2" && version["versie"] as? Int == 2)
            #expect((version["stappen"] as? [[String: Any]])?.map { $0["code"] as? String } == ["contact-bestuur", "melden"])
            let stale = try await coordinator.post("/incident-stappenplan/versies", #"{"stappen":[{"titel":"Contact","partij":"gebedshuis"}],"wijziging":"Nog korter","gebaseerdOp":1}"#)
            #expect(stale.status == .conflict)
            let versions = try #require(try await official.get("/incident-stappenplan/versies").json()["resultaten"] as? [[String: Any]])
            #expect(versions.map { $0["versie"] as? Int } == [2, 1])
            let first = try await official.get("/incident-stappenplan/versies/1"), unknown = try await official.get("/incident-stappenplan/versies/7")
            #expect(first.status == .ok && unknown.status == .notFound)
            // The incident registered before keeps its six steps.
            let kept = try await official.get("/incidenten/\(id)/stappen").json()["totaal"] as? Int
            #expect(kept == 6)
        }
    }

    @Test("the national figures through the API: each part with its count or hidden, on both engines; a bad year or kind is a 400; a municipality is refused",
          arguments: TestEngine.available)
    func figures(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in
            let user = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let analyst = PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read]))
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let official = PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: gina, scopes: [.read, .write]))
            for code in ["GM0637", "GM0503", "GM0518", "GM0344", "GM0363"] {
                let draft = IncidentDraft(kind: "online-dreiging", occurredOn: "2026-06-01", location: "online", grounds: ["antisemitisme"], nature: "bedreiging",
                                          setting: "media-internet", severity: "hoog", description: "Berichten")
                _ = try await IncidentStore(database: database).create(try draft.validated(today: Date(timeIntervalSince1970: 1_796_000_000)),
                                                                       municipality: MunicipalityCode(code)!, id: UUID(), by: gina.id, at: Date(timeIntervalSince1970: 1_796_000_000))
            }
            let response = try await analyst.get("/incident-kengetallen?jaar=2026")
            let body = try response.json()
            #expect(response.status == .ok && body["totaal"] as? Int == 5 && body["gemeenten"] as? Int == 5 && body["drempel"] as? Int == 5)
            let breakdowns = try #require(body["uitsplitsingen"] as? [[String: Any]])
            #expect(breakdowns.map { $0["dimensie"] as? String } == ["maand", "soort", "grond", "aard", "provincie", "inwonerklasse"])
            let months = try #require(breakdowns.first?["onderdelen"] as? [[String: Any]])
            #expect(months.count == 12 && months[5]["sleutel"] as? String == "2026-06" && months[5]["aantal"] as? Int == 5 && months[5]["verborgen"] as? Bool == false)
            let provinces = try #require(breakdowns[4]["onderdelen"] as? [[String: Any]])
            let southHolland = try #require(provinces.first { $0["sleutel"] as? String == "Zuid-Holland" })
            #expect(southHolland["verborgen"] as? Bool == true && southHolland["aantal"] == nil, "a hidden count is left out")
            let bad = try await analyst.get("/incident-kengetallen?jaar=twintig&soort=brand")
            let problems = try PlanAPITests.problems(bad)
            #expect(bad.status == .badRequest && problems == ["jaar:invalid_year", "soort:invalid_incident_kind"])
            #expect(try await official.get("/incident-kengetallen").status == .forbidden)
        }
    }
}
