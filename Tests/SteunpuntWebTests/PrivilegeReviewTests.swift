import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Privilege review")
struct PrivilegeReviewTests {
    @Test("the review lists roles since their change and last sign-ins; the CSV opens in Dutch Excel and is audited", arguments: TestEngine.available)
    func review(engine: TestEngine) async throws {
        let clock = TestClock()
        try await TestApp.with(engine, clock: clock) { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator, name: "Bram")
            let analyst = try await TestApp.user(database, email: "a@nctv.example", organisation: "nctv", role: .nationalAnalyst, name: "=HYPERLINK(\"x\")")
            var admin = Browser(client)
            try await admin.signIn("b@nctv.example")
            _ = try await admin.get("/beheer/gebruikers/\(analyst.id.uuidString)/bewerken")
            _ = try await admin.post("/beheer/gebruikers/\(analyst.id.uuidString)", form: [("naam", analyst.name), ("rol", "loket-medewerker"), ("actief", "ja")])

            let page = try await admin.get("/beheer/rechten?rol=loket-medewerker")
            #expect(page.status == .ok)
            let changedOn = DateText.shown(clock.now, .dutch)
            #expect(page.text.contains(changedOn) && !page.text.contains(DateText.shown(Date(), .dutch)), "role since the change, not since creation")
            #expect(page.text.contains("nooit"), "the analyst never signed in")

            let csv = try await admin.get("/beheer/rechten.csv")
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.headers[.contentDisposition]?.contains("attachment") == true)
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF])
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let lines = text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "Naam;E-mailadres;Organisatie;Rol;Rol sinds;Laatst ingelogd;Status")
            #expect(lines.count == 3)
            #expect(text.contains("\"'=HYPERLINK(\"\"x\"\")\""), "a formula is defused and quoted")
            #expect(text.contains("Bram;b@nctv.example;"))
            let exports = try await AuditStore(database: database).search(AuditFilter(action: .privilegesExported), page: PageRequest()).total
            #expect(exports == 1)
        }
    }

    @Test("CSV cells are quoted and defused", arguments: [
        ("gewoon", "gewoon"), ("met;puntkomma", "\"met;puntkomma\""), ("aanhalings\"teken", "\"aanhalings\"\"teken\""),
        ("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"), ("regel\nnieuw", "\"regel\nnieuw\""),
    ])
    func cells(value: String, expected: String) {
        #expect(CSVExport.cell(value) == expected)
    }
}
