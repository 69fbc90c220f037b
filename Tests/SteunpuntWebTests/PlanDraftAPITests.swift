import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

extension PlanAPITests.Caller {
    func put(_ path: String, _ body: [String: Any], ifMatch: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: auth, .contentType: "application/json"]
        if let ifMatch { headers[.ifMatch] = ifMatch }
        let data = try JSONSerialization.data(withJSONObject: body)
        return try await client.executeRequest(uri: "/api/v1" + path, method: .put, headers: headers, body: ByteBuffer(bytes: data))
    }
}

@Suite("API: keeping the 10-point plan")
struct PlanDraftAPITests {
    @Test("the unit saves the whole plan as a draft (every problem at once; If-Match or versie; 412 and 409 when stale), reads what it changes; the coordinator publishes; others refused",
          arguments: TestEngine.available)
    func draftAndPublish(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> PlanAPITests.Caller {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                return PlanAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let advisor = try await caller("adviseur@ess.example", "szw-ess", .unitAdvisor)
            let coordinator = try await caller("carla@ess.example", "szw-ess", .unitCoordinator)
            let official = try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let analyst = try await caller("anouk@nctv.example", "nctv", .nationalAnalyst)

            let published = try await advisor.get("/tienpuntenplan/versies/1").json()
            var points = try #require(published["punten"] as? [[String: Any]])
            func definition(_ points: [[String: Any]]) -> [String: Any] {
                ["titel": published["titel"] as Any, "inleiding": published["inleiding"] as Any, "punten": points]
            }
            #expect(try await advisor.put("/tienpuntenplan/concept", ["definitie": definition(points)]).status == .badRequest, "the version it was made on is required")

            var wrong = points
            wrong[2]["titel"] = ""
            wrong[3]["behoeften"] = [String]()
            let refused = try await advisor.put("/tienpuntenplan/concept", ["versie": 1, "definitie": definition(wrong)])
            #expect(refused.status == .badRequest)
            #expect(try PlanAPITests.problems(refused).isSuperset(of: ["punten[2].titel:required", "punten[3].behoeften:required"]), "every problem at once")

            points[4]["vraagt"] = "Professionals herkennen signalen; de gemeente houdt bij wie getraind is."
            points.removeLast()
            let saved = try await advisor.put("/tienpuntenplan/concept", ["definitie": definition(points)], ifMatch: "\"1\"")
            let draft = try saved.json()
            #expect(saved.status == .ok && draft["versie"] as? Int == 2 && draft["status"] as? String == "concept" && saved.headers[.eTag] == "\"2\"")
            #expect(try await advisor.put("/tienpuntenplan/concept", ["definitie": definition(points)], ifMatch: "\"1\"").status == .preconditionFailed)
            #expect(try await advisor.put("/tienpuntenplan/concept", ["versie": 1, "definitie": definition(points)]).status == .conflict)
            // Two clients read the draft; the first saves; the second, naming what it read, is refused, not overwriting.
            let read = try #require(draft["vingerafdruk"] as? String)
            #expect(read != published["vingerafdruk"] as? String)
            var first = points, second = points
            first[0]["bewijs"] = "Een besluit van het college over de regie."
            second[1]["bewijs"] = "Een analyse van het lokale beeld, jaarlijks bijgewerkt."
            let firstSaved = try await advisor.put("/tienpuntenplan/concept", ["versie": 2, "vingerafdruk": read, "definitie": definition(first)])
            let newRead = try firstSaved.json()["vingerafdruk"] as? String
            #expect(firstSaved.status == .ok && newRead != read)
            #expect(try await coordinator.put("/tienpuntenplan/concept", ["versie": 2, "vingerafdruk": read, "definitie": definition(second)]).status == .conflict)
            #expect(try await coordinator.put("/tienpuntenplan/concept", ["vingerafdruk": read, "definitie": definition(second)], ifMatch: "\"2\"").status
                    == .preconditionFailed)
            #expect(try await coordinator.put("/tienpuntenplan/concept", ["versie": 2, "vingerafdruk": read, "definitie": definition(first)]).status == .ok,
                    "the same definition again is no conflict")
            let kept = try await advisor.get("/tienpuntenplan/versies/2").json()
            #expect(((kept["punten"] as? [[String: Any]])?.first?["bewijs"] as? String) == "Een besluit van het college over de regie.")
            points = first
            #expect(try await analyst.put("/tienpuntenplan/concept", ["versie": 2, "definitie": definition(points)]).status == .forbidden)
            #expect(try await official.get("/tienpuntenplan/versies/2").status == .notFound, "a draft is the unit's")
            #expect(try await official.get("/tienpuntenplan/versies/2/wijzigingen").status == .forbidden)

            let changes = try await advisor.get("/tienpuntenplan/versies/2/wijzigingen").json()
            let byKey = Dictionary(uniqueKeysWithValues: ((changes["resultaten"] as? [[String: Any]]) ?? []).map { ($0["sleutel"] as? String ?? "", $0["wijziging"] as? String ?? "") })
            #expect(byKey["deskundigheid"] == "gewijzigd" && byKey["nazorg-en-evaluatie"] == "vervallen" && byKey["regie"] == "gewijzigd" && byKey["lokaal-beeld"] == "ongewijzigd" && byKey.count == 10)

            #expect(try await advisor.post("/tienpuntenplan/versies/2/publicatie").status == .forbidden, "the coordinator publishes")
            let publication = try await coordinator.post("/tienpuntenplan/versies/2/publicatie")
            let result = try publication.json()
            #expect(publication.status == .ok && (result["plan"] as? [String: Any])?["status"] as? String == "gepubliceerd")
            #expect(((result["wijzigingen"] as? [[String: Any]]) ?? []).contains { $0["sleutel"] as? String == "deskundigheid" && $0["wijziging"] as? String == "gewijzigd" })
            #expect(try await coordinator.post("/tienpuntenplan/versies/2/publicatie").status == .conflict, "published once")
            let now = try await official.get("/tienpuntenplan").json()
            #expect(now["versie"] as? Int == 2 && (now["punten"] as? [Any])?.count == 9)
        }
    }
}
