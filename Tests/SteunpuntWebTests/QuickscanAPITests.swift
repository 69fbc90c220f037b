import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: quickscan rounds, answers, analysis and follow-up under /api/v1/quickscans/rondes")
struct QuickscanAPITests {
    @Test("the coordinator fields a round; officials change answers as one change each, then submit; the unit follows; analysts see aggregates; follow-up enters the desk",
          arguments: TestEngine.available)
    func cycle(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let analyst = try await TestApp.user(database, email: "n@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let rob = try await TestApp.user(database, email: "rob@rotterdam.example", organisation: "GM0599", role: .municipalOfficial)
            func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as user: User) async throws -> TestResponse {
                let headers: HTTPFields = [.contentType: "application/json",
                                           .authorization: try await TestApp.bearer(database, user: user, scopes: [.read, .write])]
                return try await client.executeRequest(uri: "/api/v1/quickscans/rondes" + path, method: method, headers: headers,
                                                       body: body.map { ByteBuffer(string: $0) })
            }
            let instrument = try #require(try await InstrumentStore(database: database).list().first)
            let refused = try await send(.post, "", #"{"titel":"","vragenlijst":{"id":"\#(instrument.instrumentID.uuidString)","versie":1},"opent":"x","sluit":""}"#,
                                         as: coordinator)
            let refusedJSON = try refused.json()
            let params = (refusedJSON["invalidParams"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(refused.status == .badRequest && Set(params).isSuperset(of: ["titel", "opent", "sluit", "gemeenten"]), "\(params)")
            let today = Round.day(of: Date()), closes = Round.day(of: Date().addingTimeInterval(14 * 86_400))
            let body = #"{"titel":"Quickscan 2027","vragenlijst":{"id":"\#(instrument.instrumentID.uuidString)","versie":1},"opent":"\#(today)","sluit":"\#(closes)","gemeenten":["GM0637","GM0599"]}"#
            #expect(try await send(.post, "", body, as: advisor).status == .forbidden, "only the coordinator fields rounds")
            let created = try await send(.post, "", body, as: coordinator)
            #expect(created.status == .created && created.headers[.cacheControl] == "no-store")
            let createdJSON = try created.json()
            let invitations = try #require(createdJSON["uitnodigingen"] as? [[String: Any]])
            #expect(invitations.compactMap { $0["gemeente"] as? String } == ["GM0599", "GM0637"])
            #expect(invitations.allSatisfy { ($0["link"] as? String)?.hasPrefix("/quickscan/qs_") == true })
            let location = try #require(created.headers[.location]).replacingOccurrences(of: "/api/v1/quickscans/rondes", with: "")

            let answers = location + "/antwoorden/GM0637"
            let empty = try await send(.get, answers, as: gina)
            let emptyJSON = try empty.json()
            #expect(empty.status == .ok && emptyJSON["status"] as? String == "niet-begonnen" && emptyJSON["bewerkbaar"] as? Bool == true)
            #expect(try await send(.get, answers, as: rob).status == .notFound, "another municipality's answers")
            #expect(try await send(.patch, answers, #"{"antwoorden":{"budget":1}}"#, as: advisor).status == .forbidden, "the unit reads answers, it does not give them")
            let invalid = try await send(.patch, answers, #"{"antwoorden":{"budget":4,"aanspreekpunt":true,"fte-aanspreekpunt":"veel"}}"#, as: gina)
            #expect(invalid.status == .badRequest)
            let roundID = try #require(UUID(uuidString: String(location.dropFirst())))
            let untouched = try await ResponseStore(database: database).get(roundID, MunicipalityCode("GM0637")!)
            #expect(untouched == nil, "one refused answer refuses the whole change")
            #expect(try await send(.patch, answers, #"{"antwoorden":{"bestaat-niet":1}}"#, as: gina).status == .badRequest)
            let saved = try await send(.patch, answers, #"{"antwoorden":{"budget":4,"aanspreekpunt":true,"fte-aanspreekpunt":12.5,"toelichting-context":"Rustig."}}"#, as: gina)
            let savedJSON = try saved.json()
            let savedAnswers = try #require(savedJSON["antwoorden"] as? [String: Any])
            #expect(saved.status == .ok && savedAnswers["budget"] as? Double == 4 && savedAnswers["aanspreekpunt"] as? Bool == true
                    && savedAnswers["fte-aanspreekpunt"] as? Double == 12.5)
            let cleared = try #require(try (try await send(.patch, answers, #"{"antwoorden":{"toelichting-context":null}}"#, as: gina)).json()["antwoorden"] as? [String: Any])
            #expect(cleared["toelichting-context"] == nil && cleared["budget"] != nil)
            let early = try await send(.post, answers + "/indiening", as: gina)
            #expect(early.status == .badRequest && String(buffer: early.body).contains("zicht-op-netwerken"))
            let rest = #"{"antwoorden":{"signalen-afgelopen-jaar":"enkele","casusoverleg":"nee","signalen-herkennen":2,"zicht-op-netwerken":2,"getrainde-professionals":0,"ervaring-incidenten":2,"samenwerking-partners":2,"gewenste-ondersteuning":["\#(NeedCode.networks.rawValue)"]}}"#
            #expect(try await send(.patch, answers, rest, as: gina).status == .ok)
            let submitted = try await send(.post, answers + "/indiening", as: gina)
            let submittedJSON = try submitted.json()
            #expect(submitted.status == .ok && submittedJSON["status"] as? String == "ingediend" && submittedJSON["bewerkbaar"] as? Bool == false)
            #expect(try await send(.patch, answers, #"{"antwoorden":{"budget":1}}"#, as: gina).status == .conflict)

            let detail = try (try await send(.get, location, as: advisor)).json()
            let targets = try #require(detail["doelgemeenten"] as? [[String: Any]])
            #expect(targets.compactMap { $0["status"] as? String } == ["niet-begonnen", "ingediend"])
            #expect(try await send(.get, location, as: analyst).status == .notFound, "analysts do not see who answered")
            let aggregates = try await send(.get, location + "/analyse", as: analyst)
            let aggregatesJSON = try aggregates.json()
            #expect(aggregates.status == .ok && (aggregatesJSON["perGemeente"] as? [Any])?.isEmpty == true && aggregatesJSON["ingediend"] as? Int == 1)
            let named = try (try await send(.get, location + "/analyse", as: advisor)).json()
            #expect((named["perGemeente"] as? [[String: Any]])?.first?["gemeente"] as? String == "GM0637")
            let own = try (try await send(.get, location + "/analyse", as: gina)).json()
            #expect((own["eigen"] as? [String: Any])?["behoeften"] as? [String] == [NeedCode.networks.rawValue])

            #expect(try await send(.delete, location + "/doelgemeenten/GM0599/uitnodiging", as: coordinator).status == .noContent)
            #expect(try await send(.get, location + "/antwoorden/GM0599", as: rob).status == .conflict, "revoked")
            let reissued = try await send(.post, location + "/doelgemeenten/GM0599/uitnodiging", as: coordinator)
            let reissuedLink = try reissued.json()["link"] as? String
            #expect(reissued.status == .created && reissuedLink?.hasPrefix("/quickscan/qs_") == true)
            #expect(try await send(.get, location + "/antwoorden/GM0599", as: rob).status == .ok)

            let proposals = try (try await send(.get, location + "/opvolging", as: advisor)).json()
            let first = try #require((proposals["resultaten"] as? [[String: Any]])?.first)
            #expect(first["gemeente"] as? String == "GM0637" && (first["behoeften"] as? [String])?.contains(NeedCode.networks.rawValue) == true)
            #expect(try await send(.get, location + "/opvolging", as: gina).status == .notFound)
            let confirmed = try await send(.post, location + "/opvolging/GM0637/bevestiging", as: coordinator)
            #expect(confirmed.status == .created && confirmed.headers[.location]?.hasPrefix("/api/v1/hulpvragen/") == true)
            #expect(try await send(.post, location + "/opvolging/GM0637/afwijzing", as: coordinator).status == .conflict)
            let reopened = try await send(.post, answers + "/heropening", as: coordinator)
            let reopenedJSON = try reopened.json()
            #expect(reopened.status == .ok && reopenedJSON["status"] as? String == "bezig")
            let editable = try (try await send(.get, answers, as: gina)).json()["bewerkbaar"] as? Bool
            #expect(editable == true, "the municipality can change it again")
            let ownRounds = try (try await send(.get, "", as: gina)).json()["resultaten"] as? [Any]
            #expect(ownRounds?.count == 1, "a municipality lists the rounds it is invited to")
        }
    }
}
