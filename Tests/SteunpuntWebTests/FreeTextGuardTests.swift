import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Walks the OpenAPI document so that a field added to any operation is checked without
/// anyone remembering to: every string property of every JSON request body, at any depth,
/// carrying a BSN, is refused and named, and nothing of it is stored.
@Suite("Free text: every string the API accepts passes the privacy guard")
struct FreeTextGuardTests {
    static let bsnText = "Zie dossier 2024 123456782"

    /// A body for `schema` with every string set to the BSN text, one element in each array,
    /// every property present; and the path of every string in it.
    static func body(_ schema: [String: Any], schemas: [String: Any], at path: String, strings: inout [String]) -> Any {
        var schema = schema
        while let ref = schema["$ref"] as? String { schema = schemas[String(ref.split(separator: "/").last!)] as? [String: Any] ?? [:] }
        if let all = schema["allOf"] as? [[String: Any]], let first = all.first { return body(first, schemas: schemas, at: path, strings: &strings) }
        if let one = (schema["oneOf"] ?? schema["anyOf"]) as? [[String: Any]], let first = one.first {
            // A text alternative where there is one: that is where free text gets in.
            return body(one.first { $0["type"] as? String == "string" } ?? first, schemas: schemas, at: path, strings: &strings)
        }
        let type = (schema["type"] as? String) ?? ((schema["type"] as? [String])?.first { $0 != "null" }) ?? (schema["properties"] != nil ? "object" : "")
        switch type {
        case "object":
            var object: [String: Any] = [:]
            for (key, property) in (schema["properties"] as? [String: Any] ?? [:]) {
                object[key] = body(property as? [String: Any] ?? [:], schemas: schemas, at: path.isEmpty ? key : "\(path).\(key)", strings: &strings)
            }
            if object.isEmpty, let extra = schema["additionalProperties"] as? [String: Any] {
                object["sleutel"] = body(extra, schemas: schemas, at: path.isEmpty ? "sleutel" : "\(path).sleutel", strings: &strings)
            }
            return object
        case "array":
            return [body(schema["items"] as? [String: Any] ?? [:], schemas: schemas, at: "\(path)[0]", strings: &strings)]
        case "string":
            strings.append(path)
            return bsnText
        case "integer", "number": return 1
        case "boolean": return true
        default: return NSNull()
        }
    }

    @Test("each JSON request body of the OpenAPI document, with a BSN in every string, is refused naming each one", arguments: TestEngine.available)
    func everyStringProperty(engine: TestEngine) async throws {
        try await TestApp.with(engine, maxBodyBytes: 65_536) { client, database in
            // Each operation as the first of these it is for (the others are refused before reading a body).
            var bearers: [String] = []
            for (email, organisation, role) in [("beheer@nctv.example", "nctv", Role.administrator), ("c@ess.example", "szw-ess", .unitCoordinator),
                                                ("gina@zoetermeer.example", "GM0637", .municipalOfficial), ("d@vng.example", "vng-loket", .deskAgent)] {
                let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
                bearers.append(try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
            }
            let data = try Data(contentsOf: WebResources.directory.appendingPathComponent("openapi.json"))
            let document = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let schemas = ((document["components"] as? [String: Any])?["schemas"] as? [String: Any]) ?? [:]
            var checked = 0
            for (path, item) in try #require(document["paths"] as? [String: Any]) {
                for (method, value) in item as? [String: Any] ?? [:] {
                    guard let operation = value as? [String: Any], let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any],
                          let json = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any] else { continue }
                    var strings: [String] = []
                    let payload = Self.body(json, schemas: schemas, at: "", strings: &strings)
                    guard !strings.isEmpty else { continue }
                    let uri = "/api/v1" + path.replacingOccurrences(of: "{gemeente}", with: "GM0637").replacingOccurrences(of: "{slug}", with: "x")
                        .replacingOccurrences(of: "{code}", with: NeedCode.training.rawValue).replacingOccurrences(of: "{id}", with: UUID().uuidString.lowercased())
                        .replacingOccurrences(of: "{nummer}", with: "25").replacingOccurrences(of: "{periode}", with: "2026-K4")
                    var answer: TestResponse?
                    for bearer in bearers {
                        answer = try await client.executeRequest(
                            uri: uri, method: HTTPRequest.Method(rawValue: method.uppercased())!,
                            headers: [.authorization: bearer, .contentType: "application/json"],
                            body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: payload)))
                        if answer?.status != .forbidden && answer?.status != .notFound { break }
                    }
                    let response = try #require(answer)
                    #expect(response.status == .badRequest, "\(method) \(path)")
                    let problem = try response.json()
                    let named = Set(((problem["invalidParams"] as? [[String: Any]]) ?? []).filter { $0["code"] as? String == "personal_identifier_bsn" }
                        .compactMap { $0["name"] as? String })
                    #expect(named == Set(strings), "\(method) \(path): not refused \(Set(strings).subtracting(named).sorted())")
                    #expect(!String(buffer: response.body).contains("123456782"), "the value is never echoed")
                    checked += 1
                }
            }
            #expect(checked >= 14, "every operation with a JSON body and text in it: \(checked)")
            // Nothing of it reached the database.
            for table in ["support_requests", "offerings", "quickscan_instruments", "quickscan_rounds", "organisations", "needs"] {
                let rows = try await database.sql.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()?.decode(column: "n", as: Int.self) ?? -1
                let before = table == "organisations" || table == "needs" || table == "quickscan_instruments" ? rows : 0
                #expect(rows == before, "\(table)")
            }
        }
    }

    @Test("a BSN, an unknown field and the use case's own problems are answered together, and nothing is stored", arguments: TestEngine.available)
    func everyProblemAtOnce(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let bearer = try await TestApp.bearer(database, user: official, scopes: [.read, .write])
            let body = #"{"titel":"","omschrijving":"\#(Self.bsnText)","gemeente":"GM0637","behoeften":[],"kanaal":"telefoon","kleur":"rood"}"#
            let response = try await client.executeRequest(uri: "/api/v1/hulpvragen", method: .post,
                                                           headers: [.authorization: bearer, .contentType: "application/json"], body: ByteBuffer(string: body))
            #expect(response.status == .badRequest)
            let problem = try response.json()
            let named = ((problem["invalidParams"] as? [[String: Any]]) ?? []).compactMap { param -> String? in
                guard let name = param["name"] as? String, let code = param["code"] as? String else { return nil }
                return "\(name):\(code)"
            }
            #expect(named == ["omschrijving:personal_identifier_bsn", "kleur:unknown_field", "titel:required", "behoeften:required"], "\(named)")
            let count = try await database.sql.raw("SELECT COUNT(*) AS n FROM support_requests").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }

    @Test("a JSON body sent as another media type is refused with 415, not read", arguments: TestEngine.available)
    func mediaType(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let bearer = try await TestApp.bearer(database, user: official, scopes: [.read, .write])
            let body = #"{"titel":"Training","omschrijving":"Graag een training.","gemeente":"GM0637","behoeften":["training"],"kanaal":"telefoon"}"#
            for type in ["text/plain", "application/x-www-form-urlencoded"] {
                let response = try await client.executeRequest(uri: "/api/v1/hulpvragen", method: .post,
                                                               headers: [.authorization: bearer, .contentType: type], body: ByteBuffer(string: body))
                #expect(response.status == .unsupportedMediaType, "\(type)")
            }
            let missing = try await client.executeRequest(uri: "/api/v1/hulpvragen", method: .post, headers: [.authorization: bearer], body: ByteBuffer(string: body))
            #expect(missing.status == .unsupportedMediaType)
            #expect(APIRequestDecoder.isJSON("application/json; charset=utf-8") && APIRequestDecoder.isJSON("application/merge-patch+json"))
            let count = try await database.sql.raw("SELECT COUNT(*) AS n FROM support_requests").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }
}
