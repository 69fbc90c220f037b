import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: the 10-point plan and a municipality's progress")
struct PlanAPITests {
    struct Caller {
        let client: any TestClientProtocol
        let auth: String

        func get(_ path: String) async throws -> TestResponse {
            try await client.executeRequest(uri: "/api/v1" + path, method: .get, headers: [.authorization: auth], body: nil)
        }

        func patch(_ path: String, _ json: String, ifMatch: String? = nil) async throws -> TestResponse {
            var headers: HTTPFields = [.authorization: auth, .contentType: "application/json"]
            if let ifMatch { headers[.ifMatch] = ifMatch }
            return try await client.executeRequest(uri: "/api/v1" + path, method: .patch, headers: headers, body: ByteBuffer(string: json))
        }

        func post(_ path: String, _ json: String? = nil) async throws -> TestResponse {
            var headers: HTTPFields = [.authorization: auth]
            if json != nil { headers[.contentType] = "application/json" }
            return try await client.executeRequest(uri: "/api/v1" + path, method: .post, headers: headers, body: json.map { ByteBuffer(string: $0) })
        }
    }

    static func problems(_ response: TestResponse) throws -> Set<String> {
        Set(((try response.json()["invalidParams"] as? [[String: Any]]) ?? []).compactMap { param in
            (param["name"] as? String).map { "\($0):\(param["code"] as? String ?? "")" }
        })
    }

    @Test("the plan for every caller; a municipality changes its own points (every problem at once, versions by If-Match or versie, fields left out kept) and reads the history; others refused",
          arguments: TestEngine.available)
    func progress(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role, name: String = "Test") async throws -> Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role, name: name)
                return Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial, name: "Gina Gemeente")
            let delft = try await caller("dirk@delft.example", "GM0503", .municipalOfficial)
            let coordinator = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let analyst = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)

            let plan = try await analyst.get("/tienpuntenplan")
            let body = try plan.json()
            #expect(plan.status == .ok && (body["punten"] as? [Any])?.count == 10 && body["startversie"] as? Bool == true && body["status"] as? String == "gepubliceerd")
            #expect(try await analyst.get("/tienpuntenplan/versies").status == .forbidden)
            #expect(try await coordinator.get("/tienpuntenplan/versies").status == .ok)
            #expect(try await coordinator.get("/tienpuntenplan/versies/99").status == .notFound)

            let empty = try await official.get("/gemeenten/gm0637/plan-voortgang")
            let emptyBody = try empty.json()
            let points = try #require(emptyBody["punten"] as? [[String: Any]])
            #expect(empty.status == .ok && points.count == 10 && points.allSatisfy { $0["status"] as? String == "niet-gestart" && $0["versie"] as? Int == 0 })

            let refused = try await official.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"status":"ingevoerd","volgendeStapOp":"2027-01-15","kleur":"rood"}"#)
            #expect(refused.status == .badRequest)
            let found = try Self.problems(refused)
            #expect(found == ["sinds:required", "bewijs:required", "volgendeStap:required", "kleur:unknown_field"], "\(found)")

            let first = try await official.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"status":"in-voorbereiding","sinds":"2026-10-01","versie":0}"#)
            let firstBody = try first.json()
            #expect(first.status == .ok && first.headers[.eTag] == "\"1\"" && firstBody["versie"] as? Int == 1)
            #expect(try await official.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"wilOndersteuning":true}"#, ifMatch: "\"0\"").status == .preconditionFailed)
            #expect(try await official.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"wilOndersteuning":true,"versie":0}"#).status == .conflict)
            let second = try await official.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"wilOndersteuning":true}"#, ifMatch: "\"1\"")
            let changed = try second.json()
            #expect(second.status == .ok && changed["status"] as? String == "in-voorbereiding" && changed["sinds"] as? String == "2026-10-01"
                    && changed["wilOndersteuning"] as? Bool == true && changed["versie"] as? Int == 2, "fields left out keep their value")

            let history = try await coordinator.get("/gemeenten/GM0637/plan-voortgang/regie/geschiedenis")
            let historyBody = try history.json()
            let lines = try #require(historyBody["resultaten"] as? [[String: Any]])
            #expect(history.status == .ok && lines.count == 2 && lines.first?["wilOndersteuning"] as? Bool == true && lines.last?["gewijzigdDoor"] as? String == "Gina Gemeente")
            let read = try await coordinator.get("/gemeenten/GM0637/plan-voortgang/regie")
            #expect(read.status == .ok && read.headers[.eTag] == "\"2\"")
            #expect(try await coordinator.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"wilOndersteuning":false}"#).status == .forbidden)

            #expect(try await delft.get("/gemeenten/GM0637/plan-voortgang").status == .forbidden)
            #expect(try await delft.patch("/gemeenten/GM0637/plan-voortgang/regie", #"{"wilOndersteuning":false}"#).status == .forbidden)
            #expect(try await analyst.get("/gemeenten/GM0637/plan-voortgang/regie").status == .forbidden)
            #expect(try await official.get("/gemeenten/GM0637/plan-voortgang/geen-punt").status == .notFound)
        }
    }

    @Test("the CSV exports through the API (Accept: text/csv): a municipality's sheet as the page gives it, the overview's matrix for the unit and its counts for an analyst",
          arguments: TestEngine.available)
    func csvExports(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func csv(_ path: String, as user: User) async throws -> (status: HTTPResponse.Status, type: String?, lines: [String]) {
                let auth = try await TestApp.bearer(database, user: user, scopes: [.read])
                let response = try await client.executeRequest(uri: "/api/v1" + path, method: .get, headers: [.authorization: auth, .accept: "text/csv"], body: nil)
                let bytes = Array(response.body.readableBytesView)
                let text = String(decoding: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes, as: UTF8.self)
                return (response.status, response.headers[.contentType], text.split(separator: "\r\n").map(String.init))
            }
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let coordinator = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let analyst = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)

            let sheet = try await csv("/gemeenten/GM0637/plan-voortgang", as: official)
            #expect(sheet.status == .ok && sheet.type == "text/csv; charset=utf-8" && sheet.lines.count == 11 && sheet.lines[0] == ProgressSheet.columns.joined(separator: ";"))
            #expect(try await csv("/gemeenten/GM0503/plan-voortgang", as: official).status == .forbidden)
            let matrix = try await csv("/tienpuntenplan/overzicht/gemeenten", as: coordinator)
            #expect(matrix.status == .ok && matrix.lines.first?.hasPrefix("gemeente;naam;provincie;prioriteit;1. ") == true && matrix.lines.count == 343)
            let counts = try await csv("/tienpuntenplan/overzicht", as: analyst)
            #expect(counts.status == .ok && counts.lines.first == "punt;" + ProgressStatus.allCases.map(\.dutchName).joined(separator: ";") && counts.lines.count == 11)
            #expect(try await csv("/tienpuntenplan/overzicht/gemeenten", as: analyst).status == .forbidden, "the rows are the unit's, as a file too")
        }
    }

    @Test("support from the plan: a municipality asks by PATCH; the unit lists the wishes; the coordinator confirms (201, the request) or dismisses with a reason (204); a decided wish is 409; others refused",
          arguments: TestEngine.available)
    func support(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let advisor = try await caller("adam@ess.example", "szw-ess", .unitAdvisor)
            let coordinator = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            for key in ["deskundigheid", "sleutelfiguren"] {
                let asked = try await official.patch("/gemeenten/GM0637/plan-voortgang/\(key)",
                                                     #"{"status":"in-voorbereiding","sinds":"2026-10-01","wilOndersteuning":true,"versie":0}"#)
                #expect(asked.status == .ok)
            }
            #expect(try await official.get("/tienpuntenplan/ondersteuningsvragen").status == .forbidden)
            let listed = try await advisor.get("/tienpuntenplan/ondersteuningsvragen?status=open")
            let wishes = try #require(try listed.json()["resultaten"] as? [[String: Any]])
            #expect(listed.status == .ok && wishes.count == 2 && Set(wishes.compactMap { $0["punt"] as? String }) == ["deskundigheid", "sleutelfiguren"])
            #expect(wishes.allSatisfy { $0["status"] as? String == "open" && $0["gemeente"] as? String == "GM0637" && $0["voortgang"] as? String == "in-voorbereiding" })
            #expect(try await advisor.get("/tienpuntenplan/ondersteuningsvragen?status=misschien").status == .badRequest)
            let training = try #require(wishes.first { $0["punt"] as? String == "deskundigheid" }?["id"] as? String)
            let network = try #require(wishes.first { $0["punt"] as? String == "sleutelfiguren" }?["id"] as? String)
            #expect((wishes.first { $0["punt"] as? String == "deskundigheid" }?["behoeften"] as? [String]) == [NeedCode.training.rawValue])

            #expect(try await advisor.post("/tienpuntenplan/ondersteuningsvragen/\(training)/bevestiging").status == .forbidden)
            let filed = try await coordinator.post("/tienpuntenplan/ondersteuningsvragen/\(training)/bevestiging")
            let location = try #require(filed.headers[.location])
            #expect(filed.status == .created && location.hasPrefix("/api/v1/hulpvragen/"))
            let request = try await official.get(String(location.dropFirst("/api/v1".count)))
            let channel = try request.json()["kanaal"] as? String
            #expect(request.status == .ok && channel == "tienpuntenplan", "the municipality reads the filed request")
            #expect(try await coordinator.post("/tienpuntenplan/ondersteuningsvragen/\(training)/bevestiging").status == .conflict)

            let refused = try await coordinator.post("/tienpuntenplan/ondersteuningsvragen/\(network)/afwijzing", #"{"reden":"Bel 123456782"}"#)
            let problems = try Self.problems(refused)
            #expect(refused.status == .badRequest && problems.contains("reden:personal_identifier_bsn"))
            let dismissed = try await coordinator.post("/tienpuntenplan/ondersteuningsvragen/\(network)/afwijzing", #"{"reden":"Sluit aan bij de leerkring."}"#)
            #expect(dismissed.status == .noContent)
            let one = try await advisor.get("/tienpuntenplan/ondersteuningsvragen/\(network)")
            let body = try one.json()
            #expect(body["status"] as? String == "afgewezen" && body["reden"] as? String == "Sluit aan bij de leerkring.")
            let point = try await official.get("/gemeenten/GM0637/plan-voortgang/sleutelfiguren")
            #expect(try point.json()["wilOndersteuning"] as? Bool == false, "the decision answered the wish")
            #expect(try await advisor.get("/tienpuntenplan/ondersteuningsvragen/\(UUID().uuidString.lowercased())").status == .notFound)
        }
    }

    @Test("the national overview: figures for analysts with a small group left out, the unit's filters refused to them; every municipality against every point for the unit, paged",
          arguments: TestEngine.available)
    func overview(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read]))
            }
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let analyst = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)
            let advisor = try await caller("adam@ess.example", "szw-ess", .unitAdvisor)
            let valid = try ProgressDraft(status: "ingevoerd", since: "2026-06-01", evidence: "Vastgesteld").validated(today: Date())
            _ = try await ProgressStore(database: database).save(valid, municipality: MunicipalityCode("GM0034")!, point: "regie", expectedVersion: 0,
                                                                planVersion: 1, by: nil, at: Date(), source: .form, historyID: UUID())

            let figures = try await analyst.get("/tienpuntenplan/overzicht")
            let body = try figures.json()
            #expect(figures.status == .ok && body["gemeenten"] as? Int == 342 && body["nietGestart"] as? Int == 341)
            let regie = try #require((body["perPunt"] as? [[String: Any]])?.first { $0["punt"] as? String == "regie" })
            #expect((regie["aantallen"] as? [String: Int])?["ingevoerd"] == 1)
            let flevoland = try #require((body["perProvincie"] as? [[String: Any]])?.first { $0["groep"] as? String == "Flevoland" })
            #expect(flevoland["gemeenten"] as? Int == 6 && (flevoland["aandeelGereed"] as? [String: Double])?["regie"] == 0.167)

            let small = try await analyst.get("/tienpuntenplan/overzicht?provincie=Flevoland&inwonerklasse=vanaf-100k")
            let smallBody = try small.json()
            #expect(small.status == .ok && smallBody["gemeenten"] == nil && smallBody["nietGestart"] == nil, "a group of one: nothing of it")
            let regieSmall = try #require((smallBody["perPunt"] as? [[String: Any]])?.first)
            #expect(regieSmall["aantallen"] == nil && regieSmall["aandeelGereed"] == nil)
            let refused = try await analyst.get("/tienpuntenplan/overzicht?status=ingevoerd&punt=regie")
            let refusedProblems = try Self.problems(refused)
            #expect(refused.status == .badRequest && refusedProblems == ["status:filter_not_allowed", "punt:filter_not_allowed"])
            #expect(try await analyst.get("/tienpuntenplan/overzicht/gemeenten").status == .forbidden)
            #expect(try await official.get("/tienpuntenplan/overzicht/gemeenten").status == .forbidden)
            #expect(try await official.get("/tienpuntenplan/overzicht").status == .ok)

            let rows = try await advisor.get("/tienpuntenplan/overzicht/gemeenten?status=ingevoerd&punt=regie")
            let list = try rows.json()
            let found = try #require(list["resultaten"] as? [[String: Any]])
            #expect(rows.status == .ok && list["totaal"] as? Int == 1 && found.first?["naam"] as? String == "Almere")
            #expect((found.first?["punten"] as? [String: String])?["regie"] == "ingevoerd" && found.first?["gereed"] as? Int == 1)
            let paged = try await advisor.get("/tienpuntenplan/overzicht/gemeenten?paginaGrootte=100&pagina=4")
            let lastPage = try paged.json()["resultaten"] as? [Any]
            #expect(lastPage?.count == 42)
        }
    }
}
