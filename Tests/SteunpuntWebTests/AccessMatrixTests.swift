import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Every page and API endpoint × every role (and no one), against the need-to-know
/// table written out here independently of `AccessPolicy`: removing or loosening a rule
/// in the code makes this fail.
@Suite("Access matrix")
struct AccessMatrixTests {
    /// Where each role works in the matrix, and a colleague there.
    static let homes: [Role: String] = [
        .municipalOfficial: "GM0637", .schoolStaff: "school-a", .deskAgent: "vng-loket", .unitAdvisor: "szw-ess",
        .unitCoordinator: "szw-ess", .nationalAnalyst: "nctv", .administrator: "nctv", .auditor: "nctv", .partnerStaff: "politie-a",
    ]
    static let national: Set<Role> = [.deskAgent, .unitAdvisor, .unitCoordinator, .nationalAnalyst, .administrator]

    enum Expect: Equatable { case ok, forbidden, signIn, created }

    /// The pages, and who may open them.
    static func pageRule(_ path: String, _ role: Role?) -> Expect {
        guard let role else {
            return ["/gemeenten", "/gemeenten/GM0637", "/toegankelijkheid", "/inloggen"].contains(path) ? .ok : .signIn
        }
        switch path {
        case _ where path.hasPrefix("/beheer/audit"): return [.administrator, .auditor].contains(role) ? .ok : .forbidden
        case _ where path.hasPrefix("/beheer/"): return role == .administrator ? .ok : .forbidden
        // The action programme is the national level's: the NCTV's analysts and the expertise unit.
        case "/programma", "/programma/indicatoren": return [.nationalAnalyst, .unitAdvisor, .unitCoordinator].contains(role) ? .ok : .forbidden
        default: return .ok
        }
    }

    static let pages = ["/dashboard", "/tienpuntenplan", "/gemeenten", "/gemeenten/GM0637", "/organisaties", "/organisaties/szw-ess", "/organisaties/GM0637",
                        "/mijn-account", "/toegankelijkheid", "/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/beheer/organisaties/nieuw",
                        "/beheer/organisaties/nctv/bewerken", "/beheer/audit", "/beheer/rechten", "/beheer/rechten.csv", "/programma", "/programma/indicatoren"]

    @Test("pages answer as the need-to-know table says", arguments: TestEngine.available, [nil] + Role.allCases.map(Optional.some))
    func pages(engine: TestEngine, role: Role?) async throws {
        try await TestApp.with(engine) { client, database in
            var browser = Browser(client)
            if let role {
                try await Self.seed(database)
                try await TestApp.user(database, email: "\(role.rawValue)@matrix.example", organisation: Self.homes[role]!, role: role)
                #expect(try await browser.signIn("\(role.rawValue)@matrix.example").status == .seeOther)
            }
            for path in Self.pages {
                let status = try await browser.get(path).status
                let actual: Expect = switch status {
                case .ok: .ok
                case .forbidden: .forbidden
                case .found: .signIn
                default: .created
                }
                #expect(actual == Self.pageRule(path, role), "\(role?.rawValue ?? "anonymous") \(path) → \(status.code)")
            }
        }
    }

    @Test("API endpoints answer as the need-to-know table says", arguments: TestEngine.available, Role.allCases)
    func api(engine: TestEngine, role: Role) async throws {
        try await TestApp.with(engine) { client, database in
            try await Self.seed(database)
            try await MunicipalityStore(database: database).setPriority(MunicipalityCode("GM0637")!, true, at: Date())
            let user = try await TestApp.user(database, email: "\(role.rawValue)@matrix.example", organisation: Self.homes[role]!, role: role)
            let auth = try await TestApp.bearer(database, user: user, scopes: [.read, .write])
            func get(_ path: String) async throws -> TestResponse {
                try await client.executeRequest(uri: "/api/v1" + path, method: .get, headers: [.authorization: auth], body: nil)
            }
            for path in ["/gemeenten", "/organisaties", "/organisaties/nctv", "/gebruikers/ik"] {
                #expect(try await get(path).status == .ok, "\(role) \(path)")
            }
            // People: listed to their own organisation and to administrators only.
            let colleagues = role == .administrator || Self.homes[role] == "GM0637"
            #expect(try await get("/organisaties/GM0637/medewerkers").status == (colleagues ? .ok : .forbidden), "\(role) lists Zoetermeer's people")
            #expect(try await get("/organisaties/\(Self.homes[role]!)/medewerkers").status == .ok, "\(role) lists its own colleagues")
            let municipality = try await get("/gemeenten/GM0637").json()
            #expect((municipality["prioriteit"] != nil) == Self.national.contains(role), "\(role) sees the priority flag?")

            let audit = try await get("/audit-gebeurtenissen").status
            #expect(audit == ([.administrator, .auditor].contains(role) ? .ok : .forbidden), "\(role) audit trail")

            let post = try await client.executeRequest(
                uri: "/api/v1/organisaties", method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"id":"partner-m","naam":"M","soort":"partner"}"#))
            #expect(post.status == (role == .administrator ? .created : .forbidden), "\(role) creates an organisation")

            // People: e-mail addresses only within one's own organisation (administrators: all).
            let members = try await get("/organisaties/GM0637/medewerkers").json()["resultaten"] as? [[String: Any]] ?? []
            let colleague = members.first { ($0["naam"] as? String) == "Collega Zoetermeer" }
            let seesEmail = colleague?["email"] != nil
            #expect(seesEmail == colleagues, "\(role) sees a Zoetermeer address")
        }
    }

    static func seed(_ database: Database) async throws {
        try await OrganisationStore(database: database).create(
            Organisation(id: OrganisationID("school-a")!, name: "School A", kind: .school, municipality: MunicipalityCode("GM0637")), at: Date())
        try await OrganisationStore(database: database).create(Organisation(id: OrganisationID("politie-a")!, name: "Politie A", kind: .police), at: Date())
        try await TestApp.user(database, email: "collega@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Collega Zoetermeer")
    }
}
