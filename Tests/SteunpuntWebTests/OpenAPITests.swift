import Foundation
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("OpenAPI document")
struct OpenAPITests {
    @Test("the served document lists exactly the registered routes")
    func matchesRoutes() async throws {
        try await TestApp.with { client, database in
            let response = try await client.executeRequest(uri: "/api/v1/openapi.json", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            let document = try response.json()
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = document["paths"] as? [String: [String: Any]] ?? [:]
            var documented: Set<String> = []
            for (path, operations) in paths {
                for method in operations.keys where ["get", "post", "put", "patch", "delete"].contains(method) {
                    documented.insert("\(method.uppercased()) \(path)")
                }
            }
            let environment = AppEnvironment(configuration: try TestApp.configuration(.sqlite(path: "/unused")), database: database, logger: TestDatabase.logger)
            let registered = Set(try APIRouteInventory.routes(environment).map { "\($0.method.rawValue) \($0.path)" })
            #expect(documented == registered)

            // The enumerations the API answers with are documented in full.
            let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: [String: Any]] ?? [:]
            func values(_ name: String) -> Set<String> { Set(schemas[name]?["enum"] as? [String] ?? []) }
            #expect(values("AuditHandeling") == Set(SteunpuntDomain.AuditEvent.Action.allCases.map(\.rawValue)))
            #expect(values("HulpvraagStatus") == Set(RequestStatus.allCases.map(\.rawValue)))
            #expect(values("Kanaal") == Set(RequestChannel.allCases.map(\.rawValue)))
            #expect(values("Uitkomst") == Set(RequestOutcome.allCases.map(\.rawValue)))
            #expect(values("ActiviteitSoort") == Set(ActivityKind.allCases.map(\.rawValue)))
            #expect(values("AanbodSoort") == Set(OfferingKind.allCases.map(\.rawValue)))
            #expect(values("Doelgroep") == Set(Audience.allCases.map(\.rawValue)))
            #expect(values("AanbodStatus") == Set(OfferingStatus.allCases.map(\.rawValue)))
            #expect(values("Zichtbaarheid") == Set(Visibility.allCases.map(\.rawValue)))
            // Every kind of notice can be listed and have its mail chosen (a preference answered for a kind the document lacks breaks clients).
            #expect(values("MeldingSoort") == Set(RequestNotice.Kind.allCases.map(\.rawValue)))
            let delivery = ((schemas["Voorkeuren"]?["properties"] as? [String: Any])?["bezorging"] as? [String: Any])?["properties"] as? [String: Any]
            #expect(Set(delivery?.keys.map { $0 } ?? []) == Set(RequestNotice.Kind.allCases.map(\.rawValue)))
            // Every kind of record a notice can be about has its name in the document (a meeting's notices once broke it).
            let objectType = ((schemas["Melding"]?["properties"] as? [String: Any])?["objectType"] as? [String: Any])?["enum"] as? [String]
            #expect(Set(objectType ?? []) == Set(NoticeSubject.allCases.map(\.apiName)))
            #expect(values("DocumentFormaat") == Set(DocumentFormat.allCases.map(\.rawValue)))
            #expect(values("Dimensie") == Set(Dimension.allCases.map(\.rawValue)))
            #expect(values("VraagSoort") == Set(QuestionType.allCases.map(\.rawValue)))
            #expect(values("InstrumentStatus") == Set(InstrumentStatus.allCases.map(\.rawValue)))
        }
    }
}
