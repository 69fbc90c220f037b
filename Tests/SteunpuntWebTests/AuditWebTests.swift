import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Audit trail in the application")
struct AuditWebTests {
    @Test("sign-ins (good and bad), sign-outs and changes are recorded, never a password", arguments: TestEngine.available)
    func recorded(engine: TestEngine) async throws {
        // A fixed clock: the second step's code cannot fall between two 30-second steps (a
        // retry would add a failed sign-in to the trail this test counts).
        try await TestApp.with(engine, clock: TestClock()) { client, database in
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            var browser = Browser(client)
            _ = try await browser.signIn("b@nctv.example", password: "verkeerd wachtwoord")
            _ = try await browser.signIn("niemand@nctv.example", password: "verkeerd wachtwoord")
            _ = try await browser.signIn("wachtwoord-in-het-verkeerde-veld", password: "x")
            try await browser.signIn("b@nctv.example")
            _ = try await browser.get("/beheer/organisaties/nieuw")
            _ = try await browser.post("/beheer/organisaties", form: [("id", "partner-p"), ("naam", "P"), ("soort", "partner")])
            _ = try await browser.post("/uitloggen", form: [])

            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 100)).items.reversed().map(\.event)
            #expect(trail.map(\.action) == [.signInFailed, .signInFailed, .signInFailed, .signInSucceeded, .organisationCreated, .signOut])
            #expect(trail[0].objectID == admin.id.uuidString && trail[0].result == .failure)
            #expect(trail[1].actorLabel == "niemand@nctv.example")
            #expect(trail[2].actorLabel == "invalid-address", "something that is not an address is not kept")
            #expect(trail[4].actor == admin.id && trail[4].objectID == "partner-p")
            let everything = trail.map { "\($0)" }.joined()
            #expect(!everything.contains(TestApp.password) && !everything.contains("verkeerd"))
            #expect(try await AuditStore(database: database).verify().breaks.isEmpty)
        }
    }

    @Test("role changes and deactivations are recorded as such")
    func roleChanges() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let analyst = try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst, name: "Anouk")
            var browser = Browser(client)
            try await browser.signIn("b@nctv.example")
            _ = try await browser.get("/beheer/gebruikers/\(analyst.id.uuidString)/bewerken")
            _ = try await browser.post("/beheer/gebruikers/\(analyst.id.uuidString)", form: [("naam", "Anouk"), ("rol", "loket-medewerker")])
            let actions = try await AuditStore(database: database).search(AuditFilter(objectID: analyst.id.uuidString), page: PageRequest()).items.map(\.event.action)
            #expect(Set(actions) == [.userUpdated, .userRoleChanged, .userDeactivated])
        }
    }

    @Test("administrators and auditors search the trail; others may not, and searching is recorded")
    func access() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "aud@nctv.example", organisation: "nctv", role: .auditor)
            try await TestApp.user(database, email: "c@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            var coordinator = Browser(client)
            try await coordinator.signIn("c@ess.example")
            #expect(try await coordinator.get("/beheer/audit").status == .forbidden)
            var auditor = Browser(client)
            try await auditor.signIn("aud@nctv.example")
            let page = try await auditor.get("/beheer/audit?handeling=sign_in.success")
            #expect(page.status == .ok && page.text.contains("Ingelogd"))
            let bad = try await auditor.get("/beheer/audit?van=gisteren")
            #expect(bad.status == .badRequest && bad.text.contains("moet een datum zijn"))
            let searched = try await AuditStore(database: database).search(AuditFilter(action: .auditSearched), page: PageRequest()).total
            #expect(searched == 2)

            let auditorUser = try #require(try await UserStore(database: database).credentials(email: "aud@nctv.example")?.user)
            let auth = try await TestApp.bearer(database, user: auditorUser)
            let api = try await client.executeRequest(uri: "/api/v1/audit-gebeurtenissen?handeling=sign_in.success", method: .get, headers: [.authorization: auth], body: nil)
            #expect(api.status == .ok)
            let items = try api.json()["resultaten"] as? [[String: Any]] ?? []
            #expect(items.count == 2 && items.allSatisfy { ($0["hash"] as? String)?.count == 64 })
            let coordinatorUser = try #require(try await UserStore(database: database).credentials(email: "c@ess.example")?.user)
            let denied = try await client.executeRequest(uri: "/api/v1/audit-gebeurtenissen", method: .get,
                                                         headers: [.authorization: try await TestApp.bearer(database, user: coordinatorUser)], body: nil)
            #expect(denied.status == .forbidden)
        }
    }

    @Test("an auditor asks who read a request by its number, and what one person did; entries name their objects", arguments: TestEngine.available)
    func readableObjects(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            try await AccessMatrixTests.seed(database)
            let advisor = try await TestApp.user(database, email: "ahmed@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Ahmed Adviseur")
            let ids = try await RequestAccessMatrixTests.seedRequests(database, advisor: advisor)
            try await TestApp.user(database, email: "dirk@vng.example", organisation: "vng-loket", role: .deskAgent, name: "Dirk Desk")
            try await TestApp.user(database, email: "aud@nctv.example", organisation: "nctv", role: .auditor)
            let a = try #require(ids["A"])
            let number = try #require(try await RequestStore(database: database).numbers(of: [a])[a])
            var desk = Browser(client)
            try await desk.signIn("dirk@vng.example")
            #expect(try await desk.get("/hulpvragen/\(a.uuidString.lowercased())").status == .ok)

            var auditor = Browser(client)
            try await auditor.signIn("aud@nctv.example")
            let byNumber = try await auditor.get("/beheer/audit?nummer=\(number.lowercased())")
            #expect(byNumber.status == .ok)
            #expect(byNumber.text.contains("Hulpvraag \(number)") && byNumber.text.contains("Dirk Desk") && byNumber.text.contains("Hulpvraag ingezien"))
            #expect(byNumber.text.contains("href=\"/beheer/audit?nummer=\(number)\""), "the object links to every entry about it")
            #expect(!byNumber.text.contains(a.uuidString), "no bare identifiers")

            let byPerson = try await auditor.get("/beheer/audit?persoon=dirk%20desk")
            #expect(byPerson.status == .ok && byPerson.text.contains("Dirk Desk (dirk@vng.example)"), "the field shows whom it searched")
            let rows = byPerson.text.components(separatedBy: "<tr>").dropFirst(2)
            #expect(!rows.isEmpty && rows.allSatisfy { $0.contains("Dirk Desk") }, "only what that person did")

            let unknown = try await auditor.get("/beheer/audit?nummer=HV-1999-00001&persoon=Niemand")
            #expect(unknown.status == .badRequest)
            #expect(unknown.text.contains("Er is geen hulpvraag met dit nummer") && unknown.text.contains(#"id="persoon-fout""#))
        }
    }

    @Test("an auditor asks who could read an incident and who did: its entries named by number, a share by the organisation too; the incident's search finds its shares",
          arguments: TestEngine.available)
    func incidentEntries(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            try await OrganisationStore(database: database).create(Organisation(id: OrganisationID("politie-den-haag")!, name: "Politie eenheid Den Haag",
                                                                                kind: .police), at: Date())
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await TestApp.user(database, email: "pim@politie.example", organisation: "politie-den-haag", role: .partnerStaff, name: "Pim Politie")
            try await TestApp.user(database, email: "aud@nctv.example", organisation: "nctv", role: .auditor)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/incidenten/nieuw")
            let saved = try await official.post("/incidenten/nieuw", form: IncidentPageTests.valid)
            let path = String(try #require(saved.headers[.location]).prefix { $0 != "?" })
            #expect(try await official.post("\(path)/delen", form: [("delen", "ja"), ("organisatie", "politie-den-haag")]).status == .seeOther)
            var police = Browser(client)
            try await police.signIn("pim@politie.example")
            #expect(try await police.get(path).status == .ok)
            let id = try #require(UUID(uuidString: String(path.dropFirst("/incidenten/".count))))

            var auditor = Browser(client)
            try await auditor.signIn("aud@nctv.example")
            let found = try await auditor.get("/beheer/audit?soort=incident&object=\(id.uuidString)")
            #expect(found.status == .ok)
            let rows = found.text.components(separatedBy: "<tr>").dropFirst(2)
            #expect(rows.contains { $0.contains("Incident gedeeld met een organisatie") && $0.contains("Incident IN-2026-00001, Politie eenheid Den Haag") },
                    "the share, found by the incident, names the organisation")
            #expect(rows.contains { $0.contains("Incident gelezen") && $0.contains("Pim Politie") && $0.contains("Incident IN-2026-00001") })
            #expect(rows.contains { $0.contains("Incident geregistreerd") })
            #expect(!found.text.contains(id.uuidString + "<"), "no bare identifiers shown")
        }
    }
}
