import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API conventions (NL API Design Rules)")
struct APIConventionTests {
    @Test("every answer carries API-Version, errors included")
    func apiVersionEverywhere() async throws {
        try await TestApp.with { client, _ in
            for uri in ["/api/v1/gemeenten", "/api/v1/gemeenten/GM9999", "/api/v1/organisaties", "/api/v1/nope"] {
                let response = try await client.executeRequest(uri: uri, method: .get, headers: [:], body: nil)
                #expect(response.headers[.apiVersion] == "1.0.0", "\(uri)")
            }
        }
    }

    @Test("400, 404 and 405 answer application/problem+json")
    func problems() async throws {
        try await TestApp.with { client, _ in
            let bad = try await client.executeRequest(uri: "/api/v1/gemeenten/XX12", method: .get, headers: [:], body: nil)
            #expect(bad.status == .badRequest)
            #expect(bad.headers[.contentType] == "application/problem+json")
            let problem = try bad.json()
            #expect(problem["status"] as? Int == 400)
            #expect((problem["invalidParams"] as? [[String: Any]])?.first?["name"] as? String == "code")

            let missing = try await client.executeRequest(uri: "/api/v1/gemeenten/GM9999", method: .get, headers: [:], body: nil)
            #expect(missing.status == .notFound)
            #expect(missing.headers[.contentType] == "application/problem+json")

            let wrongMethod = try await client.executeRequest(uri: "/api/v1/gemeenten/GM0363", method: .delete, headers: [:], body: nil)
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.headers[.allow] == "GET, HEAD")
            #expect(wrongMethod.headers[.contentType] == "application/problem+json")
            let put = try await client.executeRequest(uri: "/api/v1/organisaties", method: .put, headers: [:], body: nil)
            #expect(put.headers[.allow] == "GET, HEAD, POST")
        }
    }

    @Test("HEAD answers wherever GET does, as Allow promises")
    func head() async throws {
        try await TestApp.with { client, _ in
            let response = try await client.executeRequest(uri: "/api/v1/gemeenten/GM0363", method: .head, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.body.readableBytes == 0)
        }
    }

    @Test("a trailing slash is another resource: 404, no redirect")
    func trailingSlash() async throws {
        try await TestApp.with { client, _ in
            let response = try await client.executeRequest(uri: "/api/v1/gemeenten/", method: .get, headers: [:], body: nil)
            #expect(response.status == .notFound)
            #expect(response.headers[.location] == nil)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test("every invalid query parameter is listed at once")
    func allValidationErrors() async throws {
        try await TestApp.with { client, _ in
            let response = try await client.executeRequest(uri: "/api/v1/gemeenten?pagina=0&paginaGrootte=1000&provincie=Atlantis&inclusiefBeeindigd=misschien",
                                                           method: .get, headers: [:], body: nil)
            #expect(response.status == .badRequest)
            let names = (try response.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(names) == ["pagina", "paginaGrootte", "provincie", "inclusiefBeeindigd"])
        }
    }

    @Test("a query parameter without a value is refused, each one named, not read as absent (the pages read it as no filter)")
    func emptyValues() async throws {
        try await TestApp.with { client, _ in
            let response = try await client.executeRequest(uri: "/api/v1/gemeenten?provincie=&zoek=%20&pagina=2", method: .get, headers: [:], body: nil)
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentType] == "application/problem+json")
            let problems = try response.json()["invalidParams"] as? [[String: Any]] ?? []
            #expect(Set(problems.compactMap { $0["name"] as? String }) == ["provincie", "zoek"])
            #expect(problems.allSatisfy { $0["code"] as? String == "empty_value" })
            let filled = try await client.executeRequest(uri: "/api/v1/gemeenten?provincie=Utrecht", method: .get, headers: [:], body: nil)
            #expect(filled.status == .ok)
            var browser = Browser(client)
            let page = try await browser.get("/gemeenten?provincie=&zoek=")
            #expect(page.status == .ok, "a form's empty fields are no filter in the pages")
        }
    }

    @Test("pagination gives total, page links that keep filters, and X-Total-Count")
    func pagination() async throws {
        try await TestApp.with { client, _ in
            let response = try await client.executeRequest(uri: "/api/v1/gemeenten?provincie=Zeeland&paginaGrootte=5&pagina=2", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            let body = try response.json()
            #expect(body["totaal"] as? Int == 13)
            #expect(body["aantalPaginas"] as? Int == 3)
            #expect((body["resultaten"] as? [Any])?.count == 5)
            #expect(response.headers[.xTotalCount] == "13")
            let links = body["_links"] as? [String: [String: String]] ?? [:]
            #expect(links["next"]?["href"] == "/api/v1/gemeenten?provincie=Zeeland&pagina=3&paginaGrootte=5")
            #expect(links["prev"]?["href"] == "/api/v1/gemeenten?provincie=Zeeland&pagina=1&paginaGrootte=5")
            let last = try await client.executeRequest(uri: "/api/v1/gemeenten?provincie=Zeeland&paginaGrootte=5&pagina=3", method: .get, headers: [:], body: nil)
            #expect((try last.json()["_links"] as? [String: Any])?["next"] == nil)
        }
    }

    @Test("municipalities are public; the priority flag only reaches national staff")
    func priorityNeedToKnow() async throws {
        try await TestApp.with { client, database in
            try await MunicipalityStore(database: database).setPriority(MunicipalityCode("GM0363")!, true, at: Date())
            let anonymous = try await client.executeRequest(uri: "/api/v1/gemeenten/GM0363", method: .get, headers: [:], body: nil)
            #expect(anonymous.status == .ok)
            #expect(try anonymous.json()["prioriteit"] == nil)
            #expect(try anonymous.json()["naam"] as? String == "Amsterdam")

            let official = try await TestApp.user(database, email: "a@gemeente.example", organisation: "GM0363", role: .municipalOfficial)
            let officialAuth = try await TestApp.bearer(database, user: official)
            let asOfficial = try await client.executeRequest(uri: "/api/v1/gemeenten/GM0363", method: .get, headers: [.authorization: officialAuth], body: nil)
            #expect(try asOfficial.json()["prioriteit"] == nil)
            let filter = try await client.executeRequest(uri: "/api/v1/gemeenten?prioriteit=true", method: .get, headers: [.authorization: officialAuth], body: nil)
            #expect(filter.status == .badRequest, "the filter would reveal the flag")

            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let auth = try await TestApp.bearer(database, user: coordinator)
            let asCoordinator = try await client.executeRequest(uri: "/api/v1/gemeenten?prioriteit=true", method: .get, headers: [.authorization: auth], body: nil)
            let results = try asCoordinator.json()["resultaten"] as? [[String: Any]] ?? []
            #expect(results.map { $0["code"] as? String } == ["GM0363"])
            #expect(results.first?["prioriteit"] as? Bool == true)
        }
    }

    @Test("a missing or bad token is 401 with WWW-Authenticate; a missing scope is 403")
    func tokens() async throws {
        try await TestApp.with { client, database in
            let none = try await client.executeRequest(uri: "/api/v1/organisaties", method: .get, headers: [:], body: nil)
            #expect(none.status == .unauthorized)
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            let bad = try await client.executeRequest(uri: "/api/v1/gemeenten", method: .get, headers: [.authorization: "Bearer spt_nonsense"], body: nil)
            #expect(bad.status == .unauthorized, "a bad token is refused even where none is needed")
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let readOnly = try await TestApp.bearer(database, user: admin, scopes: [.read])
            let post = try await client.executeRequest(uri: "/api/v1/organisaties", method: .post, headers: [.authorization: readOnly, .contentType: "application/json"],
                                                       body: ByteBuffer(string: #"{"id":"partner-x","naam":"X","soort":"partner"}"#))
            #expect(post.status == .forbidden)
        }
    }

    @Test("bad input changes nothing: malformed JSON, invalid fields, a body over the limit")
    func badInput() async throws {
        try await TestApp.with(maxBodyBytes: 2048) { client, database in
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let auth = try await TestApp.bearer(database, user: admin, scopes: [.read, .write])
            let headers: HTTPFields = [.authorization: auth, .contentType: "application/json"]
            let before = try await OrganisationStore(database: database).list(OrganisationFilter(includeInactive: true), page: PageRequest(size: 1)).total

            let malformed = try await client.executeRequest(uri: "/api/v1/organisaties", method: .post, headers: headers, body: ByteBuffer(string: "{\"id\": "))
            #expect(malformed.status == .badRequest)
            #expect(try malformed.json()["code"] as? String == "malformed_body", "\(malformed.text)")

            let invalid = try await client.executeRequest(uri: "/api/v1/organisaties", method: .post, headers: headers,
                                                          body: ByteBuffer(string: #"{"id":"Bad Id","naam":"","soort":"kasteel","gemeente":"GM9"}"#))
            #expect(invalid.status == .badRequest)
            let names = (try invalid.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(Set(names) == ["id", "naam", "soort", "gemeente"])

            let bsn = try await client.executeRequest(uri: "/api/v1/organisaties", method: .post, headers: headers,
                                                      body: ByteBuffer(string: #"{"id":"partner-b","naam":"Overleg 123 456 782","soort":"partner"}"#))
            #expect(bsn.status == .badRequest)
            let reason = (try bsn.json()["invalidParams"] as? [[String: Any]])?.first?["reason"] as? String ?? ""
            #expect(reason.contains("burgerservicenummer") && !bsn.text.contains("456"), "refused with a Dutch reason, without echoing it")

            let unknownMunicipality = try await client.executeRequest(uri: "/api/v1/organisaties", method: .post, headers: headers,
                                                                      body: ByteBuffer(string: #"{"id":"school-y","naam":"Y","soort":"school","gemeente":"GM9999"}"#))
            #expect(unknownMunicipality.status == .badRequest)

            let huge = "{\"id\":\"partner-big\",\"naam\":\"" + String(repeating: "x", count: 5000) + "\",\"soort\":\"partner\"}"
            let tooLarge = try await client.executeRequest(uri: "/api/v1/organisaties", method: .post, headers: headers, body: ByteBuffer(string: huge))
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.headers[.contentType] == "application/problem+json")

            let after = try await OrganisationStore(database: database).list(OrganisationFilter(includeInactive: true), page: PageRequest(size: 1)).total
            #expect(after == before)
        }
    }
}
