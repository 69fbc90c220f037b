import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: the toolbox under /api/v1/aanbod")
struct ToolboxAPITests {
    static let body = #"{"soort":"training","titel":"Trainingen voor sleutelfiguren","samenvatting":"Sleutelfiguren herkennen spanningen.","tekst":"**Twee dagdelen**","doelgroepen":["sleutelfiguren","professionals"],"behoeften":["training-professionals-sleutelfiguren"],"aanbieder":"szw-ess","status":"beschikbaar","zichtbaarheid":"openbaar"}"#

    @Test("the unit adds and changes; anyone reads what is public; a stale change is 409; versions for the unit only; bad input is problem+json")
    func flow() async throws {
        try await TestApp.with { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, as user: User? = nil) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let user { headers[.authorization] = try await TestApp.bearer(database, user: user, scopes: [.read, .write]) }
                return try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
            }
            #expect(try await send(.post, "/aanbod", Self.body).status == .unauthorized)
            #expect(try await send(.post, "/aanbod", Self.body, as: official).status == .forbidden)
            let created = try await send(.post, "/aanbod", Self.body, as: advisor)
            #expect(created.status == .created && created.headers[.location] == "/api/v1/aanbod/trainingen-voor-sleutelfiguren")
            func fields(_ body: String) async throws -> Set<String> {
                let invalid = try await send(.post, "/aanbod", body, as: advisor)
                #expect(invalid.status == .badRequest && invalid.headers[.contentType] == "application/problem+json")
                let problems = try JSONSerialization.jsonObject(with: Data(buffer: invalid.body)) as? [String: Any]
                return Set(((problems?["invalidParams"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String })
            }
            #expect(try await fields(#"{"soort":"boek","titel":"","doelgroepen":[],"aanbieder":"szw-ess","samenvatting":"Kort"}"#)
                .isSuperset(of: ["soort", "titel", "doelgroepen"]), "every problem at once")
            // A body carrying a personal identifier is refused naming every place it stands, with the body's other problems.
            #expect(try await fields(#"{"soort":"boek","titel":"BSN 111222333","doelgroepen":[],"aanbieder":"szw-ess","samenvatting":"BSN 111 222 333"}"#)
                    == ["titel", "samenvatting", "soort", "doelgroepen"])

            let found = try await send(.get, "/aanbod?q=training+sleutelfiguur&doelgroep=sleutelfiguren")
            let list = try JSONSerialization.jsonObject(with: Data(buffer: found.body)) as? [String: Any]
            let hits = (list?["resultaten"] as? [[String: Any]]) ?? []
            #expect(found.status == .ok && hits.map { $0["slug"] as? String } == ["trainingen-voor-sleutelfiguren"], "signed out, Dutch stems")
            #expect(list?["totaal"] as? Int == 1 && list?["totaalIsMinimum"] as? Bool == false)

            let change = Self.body.replacingOccurrences(of: #""zichtbaarheid":"openbaar"}"#, with: #""zichtbaarheid":"unit","versie":1}"#)
            let changed = try await send(.put, "/aanbod/trainingen-voor-sleutelfiguren", change, as: advisor)
            let json = try JSONSerialization.jsonObject(with: Data(buffer: changed.body)) as? [String: Any]
            #expect(changed.status == .ok && json?["versie"] as? Int == 2 && json?["zichtbaarheid"] as? String == "unit")
            #expect(try await send(.put, "/aanbod/trainingen-voor-sleutelfiguren", change, as: advisor).status == .conflict, "versie 1 is stale now")
            #expect(try await send(.get, "/aanbod/trainingen-voor-sleutelfiguren").status == .notFound, "unit-only now")
            #expect(try await send(.get, "/aanbod/trainingen-voor-sleutelfiguren", as: official).status == .notFound)
            #expect(try await send(.get, "/aanbod/trainingen-voor-sleutelfiguren", as: advisor).status == .ok)
            let versions = try await send(.get, "/aanbod/trainingen-voor-sleutelfiguren/versies", as: advisor)
            let all = (try JSONSerialization.jsonObject(with: Data(buffer: versions.body)) as? [String: Any])?["resultaten"] as? [[String: Any]]
            #expect(all?.map { $0["versie"] as? Int } == [2, 1])
            #expect(try await send(.get, "/aanbod/trainingen-voor-sleutelfiguren/versies", as: official).status == .notFound)
            #expect(try await send(.get, "/aanbod?soort=boek").status == .badRequest)
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .offeringChanged), page: PageRequest()).total == 1)
        }
    }
}

@Suite("Toolbox offerings used in support requests")
struct ToolboxActivityTests {
    @Test("an advisor records an activity with an offering and sends its link to the requester; the offering counts its use")
    func offeringInActivity() async throws {
        try await TestApp.with { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, as user: User) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1" + path, method: method,
                                                headers: [.authorization: try await TestApp.bearer(database, user: user, scopes: [.read, .write]),
                                                          .contentType: "application/json"], body: json.map { ByteBuffer(string: $0) })
            }
            #expect(try await send(.post, "/aanbod", ToolboxAPITests.body, as: coordinator).status == .created)
            let internalBody = ToolboxAPITests.body.replacingOccurrences(of: "Trainingen voor sleutelfiguren", with: "Interne werkwijze")
                .replacingOccurrences(of: #""zichtbaarheid":"openbaar""#, with: #""zichtbaarheid":"unit""#)
            #expect(try await send(.post, "/aanbod", internalBody, as: coordinator).status == .created)
            let filed = try await send(.post, "/hulpvragen", #"{"titel":"Training","omschrijving":"Graag een training","behoeften":["training-professionals-sleutelfiguren"],"kanaal":"unit-direct"}"#, as: official)
            let id = try #require((try JSONSerialization.jsonObject(with: Data(buffer: filed.body)) as? [String: Any])?["id"] as? String)
            let activity = #"{"soort":"training","datum":"2026-11-02","uren":3,"deelnemers":12,"aanbod":"trainingen-voor-sleutelfiguren","stuurNaarAanvrager":true}"#
            let refused = try await send(.post, "/hulpvragen/\(id)/activiteiten",
                                         activity.replacingOccurrences(of: "trainingen-voor-sleutelfiguren", with: "interne-werkwijze"), as: coordinator)
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("aanbod"), "a unit-only offering does not go to the requester")
            let recorded = try await send(.post, "/hulpvragen/\(id)/activiteiten", activity, as: coordinator)
            #expect(recorded.status == .created && String(buffer: recorded.body).contains(#""aanbod":"trainingen-voor-sleutelfiguren""#))
            let messages = String(buffer: try await send(.get, "/hulpvragen/\(id)/berichten", as: official).body)
            #expect(messages.contains("Trainingen voor sleutelfiguren") && messages.contains("/aanbod/trainingen-voor-sleutelfiguren"),
                    "the requester received the link")
            let offering = try #require(try await OfferingStore(database: database).get(OfferingSlug("trainingen-voor-sleutelfiguren")!, reach: .publicAccess))
            #expect(try await OfferingStore(database: database).usage(offering.id) == (1, 1))
            var visitor = Browser(client)
            #expect(try await visitor.get("/aanbod/trainingen-voor-sleutelfiguren").text.contains("Ingezet bij 1 activiteiten in 1 hulpvragen"))
        }
    }
}
