import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Organisations API")
struct APIOrganisationTests {
    @Test("an administrator adds an organisation; it is then listed and readable", arguments: TestEngine.available)
    func createAndRead(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let auth = try await TestApp.bearer(database, user: admin, scopes: [.read, .write])
            let created = try await client.executeRequest(
                uri: "/api/v1/organisaties", method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"id":"school-de-linde","naam":"OBS De Linde","soort":"school","gemeente":"gm0637"}"#))
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/organisaties/school-de-linde")
            #expect(try created.json()["gemeente"] as? String == "GM0637")

            let listed = try await client.executeRequest(uri: "/api/v1/organisaties?soort=school&gemeente=GM0637", method: .get, headers: [.authorization: auth], body: nil)
            let ids = (try listed.json()["resultaten"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(ids == ["school-de-linde"])

            let duplicate = try await client.executeRequest(
                uri: "/api/v1/organisaties", method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"id":"school-de-linde","naam":"Dubbel","soort":"partner"}"#))
            #expect(duplicate.status == .badRequest)
        }
    }

    @Test("only administrators may add organisations")
    func onlyAdministrators() async throws {
        try await TestApp.with { client, database in
            let advisor = try await TestApp.user(database, email: "a@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let auth = try await TestApp.bearer(database, user: advisor, scopes: [.read, .write])
            let response = try await client.executeRequest(
                uri: "/api/v1/organisaties", method: .post, headers: [.authorization: auth, .contentType: "application/json"],
                body: ByteBuffer(string: #"{"id":"partner-z","naam":"Z","soort":"partner"}"#))
            #expect(response.status == .forbidden)
            #expect(try await OrganisationStore(database: database).get(OrganisationID("partner-z")!) == nil)
        }
    }

    @Test("members are listed to colleagues and administrators only, with their e-mail addresses")
    func members() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina")
            let colleague = try await TestApp.user(database, email: "kees@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Kees")
            let outsider = try await TestApp.user(database, email: "olga@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Olga")
            let admin = try await TestApp.user(database, email: "beheer@nctv.example", organisation: "nctv", role: .administrator, name: "Beheer")
            func members(_ user: User) async throws -> (status: HTTPResponse.Status, emails: [String?]) {
                let auth = try await TestApp.bearer(database, user: user)
                let response = try await client.executeRequest(uri: "/api/v1/organisaties/GM0637/medewerkers", method: .get, headers: [.authorization: auth], body: nil)
                return (response.status, (try response.json()["resultaten"] as? [[String: Any]] ?? []).map { $0["email"] as? String })
            }
            #expect(try await members(colleague).emails == ["gina@zoetermeer.example", "kees@zoetermeer.example"])
            #expect(try await members(admin).emails == ["gina@zoetermeer.example", "kees@zoetermeer.example"])
            let outside = try await members(outsider)
            #expect(outside.status == .forbidden && outside.emails.isEmpty, "another organisation's people are not listed (data minimisation)")
        }
    }

    @Test("the token owner is told who they are and what the token may do")
    func currentUser() async throws {
        try await TestApp.with { client, database in
            let analyst = try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let auth = try await TestApp.bearer(database, user: analyst, scopes: [.read])
            let response = try await client.executeRequest(uri: "/api/v1/gebruikers/ik", method: .get, headers: [.authorization: auth], body: nil)
            let body = try response.json()
            #expect(body["rol"] as? String == "analist")
            #expect(body["scopes"] as? [String] == ["lezen"])
        }
    }
}
