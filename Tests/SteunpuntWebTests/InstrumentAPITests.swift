import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("API: quickscan instruments under /api/v1/quickscans/instrumenten")
struct InstrumentAPITests {
    @Test("the unit imports, changes and exports; the coordinator publishes, which freezes; others see nothing; every change audited")
    func flow() async throws {
        try await TestApp.with { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let coordinator = try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            func send(_ method: HTTPRequest.Method, _ path: String, _ body: String? = nil, as user: User?) async throws -> TestResponse {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let user { headers[.authorization] = try await TestApp.bearer(database, user: user, scopes: [.read, .write]) }
                return try await client.executeRequest(uri: "/api/v1/quickscans/instrumenten" + path, method: method, headers: headers,
                                                       body: body.map { ByteBuffer(string: $0) })
            }
            let shipped = try await send(.get, "", as: advisor)
            let shippedStatus = (try shipped.json()["resultaten"] as? [[String: Any]])?.first?["status"] as? String
            #expect(shipped.status == .ok && shippedStatus == "gepubliceerd", "the starting instrument is there, published")
            #expect(try await send(.get, "", as: official).status == .notFound)
            #expect(try await send(.get, "", as: nil).status == .unauthorized)

            let json = String(decoding: try JSONEncoder().encode(Instrument.starting), as: UTF8.self)
            #expect(json.contains("\"secties\"") && json.contains("\"sleutel\""), "Dutch names in the JSON")
            let imported = try await send(.post, "", json, as: advisor)
            #expect(imported.status == .created)
            let location = try #require(imported.headers[.location]).replacingOccurrences(of: "/api/v1/quickscans/instrumenten", with: "")
            let broken = json.replacingOccurrences(of: "\"sleutel\":\"aanspreekpunt\"", with: "\"sleutel\":\"Fout!\"")
            let refused = try await send(.post, "", broken, as: advisor)
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("invalid_or_duplicate_key"))

            let change = #"{"versie":1,"definitie":"# + json.replacingOccurrences(of: "Quickscan preventie", with: "Quickscan 2027: preventie") + "}"
            let saved = try await send(.put, location, change, as: advisor)
            let savedVersion = try saved.json()["versie"] as? Int
            #expect(saved.status == .ok && savedVersion == 1)
            #expect(try await send(.post, location + "/versies/1/publicatie", as: advisor).status == .forbidden, "only the coordinator publishes")
            let published = try await send(.post, location + "/versies/1/publicatie", as: coordinator)
            let publishedStatus = try published.json()["status"] as? String
            #expect(published.status == .ok && publishedStatus == "gepubliceerd")
            #expect(try await send(.post, location + "/versies/1/publicatie", as: coordinator).status == .conflict)
            let next = try await send(.put, location, change, as: advisor)
            let nextVersion = try next.json()["versie"] as? Int
            #expect(next.status == .ok && nextVersion == 2, "a change after publication is a new draft")
            #expect(try await send(.put, location, change, as: advisor).status == .conflict, "versie 1 is stale now")
            let exported = try await send(.get, location + "/versies/1", as: advisor)
            let definition = try #require(try exported.json()["definitie"] as? [String: Any])
            #expect(definition["titel"] as? String == "Quickscan 2027: preventie radicalisering en sociale spanningen")
            let detail = try await send(.get, location, as: advisor)
            #expect((try detail.json()["versies"] as? [[String: Any]])?.map { $0["versie"] as? Int } == [2, 1])
            let audit = AuditStore(database: database)
            #expect(try await audit.search(AuditFilter(action: .instrumentCreated), page: PageRequest()).total == 1)
            #expect(try await audit.search(AuditFilter(action: .instrumentChanged), page: PageRequest()).total == 2)
            #expect(try await audit.search(AuditFilter(action: .instrumentPublished), page: PageRequest()).total == 1)
        }
    }
}
