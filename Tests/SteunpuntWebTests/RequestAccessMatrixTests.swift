import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Support requests × every role: which requests each role lists and opens, written out
/// here independently of `RequestPolicy` (DOMAIN.md's table): a municipality sees its
/// own, a school its own, a desk what it took in or was referred, the unit's coordinator
/// what reached the unit, an advisor what is assigned to them, and no one else anything
/// (a partner organisation's staff read incidents shared with them, never requests).
@Suite("Access matrix: support requests")
struct RequestAccessMatrixTests {
    /// A: Zoetermeer via the VNG desk. B: Amsterdam via NCTV. C: school A via the school helpdesk.
    /// D: Zoetermeer via the VNG desk, referred to the unit, accepted and assigned to an advisor.
    static let visible: [Role: Set<String>] = [
        .municipalOfficial: ["A", "D"], .schoolStaff: ["C"], .deskAgent: ["A", "D"], .unitAdvisor: ["D"], .unitCoordinator: ["D"],
        .nationalAnalyst: [], .administrator: [], .auditor: [], .partnerStaff: [],
    ]
    static let mayFile: Set<Role> = [.municipalOfficial, .schoolStaff, .deskAgent, .unitCoordinator]

    @Test("each role lists and opens exactly the requests it may see, and files only where it may", arguments: TestEngine.available, Role.allCases)
    func matrix(engine: TestEngine, role: Role) async throws {
        try await TestApp.with(engine) { client, database in
            try await AccessMatrixTests.seed(database)
            let user = try await TestApp.user(database, email: "\(role.rawValue)@matrix.example", organisation: AccessMatrixTests.homes[role]!, role: role)
            let advisor = role == .unitAdvisor ? user
                : try await TestApp.user(database, email: "other-advisor@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let requests = try await Self.seedRequests(database, advisor: advisor)
            let auth = try await TestApp.bearer(database, user: user, scopes: [.read, .write])

            let list = try await client.executeRequest(uri: "/api/v1/hulpvragen?paginaGrootte=100", method: .get, headers: [.authorization: auth], body: nil)
            #expect(list.status == .ok)
            let listed = Set((try list.json()["resultaten"] as? [[String: Any]] ?? []).compactMap { item in
                requests.first { $0.value.uuidString.lowercased() == (item["id"] as? String)?.lowercased() }?.key
            })
            #expect(listed == Self.visible[role]!, "\(role) lists")
            for (name, id) in requests {
                for suffix in ["", "/statuswijzigingen", "/berichten", "/activiteiten"] {
                    let status = try await client.executeRequest(uri: "/api/v1/hulpvragen/\(id.uuidString)\(suffix)", method: .get,
                                                                 headers: [.authorization: auth], body: nil).status
                    #expect(status == (Self.visible[role]!.contains(name) ? .ok : .notFound), "\(role) opens \(name)\(suffix)")
                }
            }
            let body = #"{"titel":"Vraag","omschrijving":"Over de aanpak","aanvrager":"GM0637","gemeente":"GM0637","behoeften":["informatievraag"],"kanaal":"vng-loket"}"#
            let schoolBody = #"{"titel":"Vraag","omschrijving":"Over de aanpak","behoeften":["schoolsituatie"],"kanaal":"helpdesk-school"}"#
            let filed = try await client.executeRequest(uri: "/api/v1/hulpvragen", method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                                                        body: ByteBuffer(string: role == .schoolStaff ? schoolBody : body))
            #expect(filed.status == (Self.mayFile.contains(role) ? .created : .forbidden), "\(role) files: \(filed.text)")
        }
    }

    @Test("pages: the list, each request, the form and the export, per role: exactly the requests it may see", arguments: TestEngine.available, Role.allCases)
    func pages(engine: TestEngine, role: Role) async throws {
        try await TestApp.with(engine) { client, database in
            try await AccessMatrixTests.seed(database)
            let user = try await TestApp.user(database, email: "\(role.rawValue)@matrix.example", organisation: AccessMatrixTests.homes[role]!, role: role)
            let advisor = role == .unitAdvisor ? user
                : try await TestApp.user(database, email: "other-advisor@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let requests = try await Self.seedRequests(database, advisor: advisor)
            var browser = Browser(client)
            _ = try await browser.signIn(user.email)
            let readsCases = ![.nationalAnalyst, .administrator, .auditor, .partnerStaff].contains(role)
            let list = try await browser.get("/hulpvragen")
            #expect(list.status == (readsCases ? .ok : .forbidden), "\(role) list page")
            let export = try await browser.get("/hulpvragen.csv")
            #expect(export.status == (readsCases ? .ok : .forbidden), "\(role) export")
            for (name, id) in requests {
                let visible = Self.visible[role]!.contains(name)
                #expect(try await browser.get("/hulpvragen/\(id.uuidString.lowercased())").status == (visible ? .ok : .notFound), "\(role) page \(name)")
                // Exactly these: each visible request is listed and exported, no other is.
                let number = try #require(try await database.sql.raw("SELECT number FROM support_requests WHERE id = \(bind: id.uuidString)").first()?
                    .decode(column: "number", as: String.self))
                #expect(list.text.contains("/hulpvragen/\(id.uuidString.lowercased())") == visible, "\(role) list shows \(name)?")
                #expect(export.text.contains(number) == visible, "\(role) export holds \(name)?")
            }
            #expect(try await browser.get("/hulpvragen/nieuw").status == (Self.mayFile.contains(role) ? .ok : .forbidden), "\(role) form")
            #expect(list.text.contains("href=\"/hulpvragen\"") == readsCases, "\(role) sees the menu item")
        }
    }

    static func seedRequests(_ database: Database, advisor: User) async throws -> [String: UUID] {
        let desk = try await TestApp.user(database, email: "seed-desk@vng.example", organisation: "vng-loket", role: .deskAgent)
        let nctv = try await TestApp.user(database, email: "seed-desk@nctv.example", organisation: "nctv", role: .deskAgent)
        let helpdesk = try await TestApp.user(database, email: "seed@helpdesk.example", organisation: "helpdesk-school-veiligheid", role: .deskAgent)
        let coordinator = try await TestApp.user(database, email: "seed-coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator)
        let store = RequestStore(database: database)
        let targets = DeadlineTargets(firstResponseDays: 3, resolutionDays: 10)
        func file(_ requester: String, _ municipality: String, by user: User) async throws -> SupportRequest {
            let valid = try RequestDraft(title: "Vraag \(requester)", description: "Omschrijving", requester: requester, municipality: municipality,
                                         needs: ["informatievraag"], channel: "telefoon").validated(knownNeeds: [.information])
            return try await store.create(valid, id: UUID(), desk: user.organisation, createdBy: user.id, at: Date(), targets: targets)
        }
        let a = try await file("GM0637", "GM0637", by: desk)
        let b = try await file("GM0363", "GM0363", by: nctv)
        let c = try await file("school-a", "GM0637", by: helpdesk)
        var d = try await file("GM0637", "GM0637", by: desk)
        let workflow = RequestWorkflow()
        for (action, actor) in [(RequestAction.refer(to: .expertiseUnit, reason: "Unit"), desk), (.accept, coordinator), (.assign(advisor: advisor.id), coordinator)] {
            let (next, change) = try workflow.apply(action, to: d, by: actor, at: Date(), targets: targets)
            d = try await store.save(next, previous: d, change: change, at: Date())
        }
        return ["A": a.id, "B": b.id, "C": c.id, "D": d.id]
    }
}
