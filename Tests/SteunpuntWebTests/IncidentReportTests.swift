import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages and API: the annual report of incidents")
struct IncidentReportTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    /// Six municipalities with one discriminatory incident each in March 2026 (Zoetermeer's
    /// with two grounds and the police step done), Zoetermeer a tension signal in July and
    /// one in 2025.
    static func fill(_ database: Database, by user: UUID) async throws {
        let store = IncidentStore(database: database)
        func register(_ code: String, _ day: String, _ kind: IncidentKind, grounds: [String] = ["godsdienst"]) async throws -> Incident {
            let draft = IncidentDraft(kind: kind.rawValue, occurredOn: day, location: "openbare-ruimte", grounds: kind.isDiscrimination ? grounds : [],
                                      nature: kind.isDiscrimination ? "bedreiging" : "", setting: kind.isDiscrimination ? "buurt-wijk" : "", severity: "midden",
                                      description: "Voorval in \(code)")
            return try await store.create(try draft.validated(today: now), municipality: MunicipalityCode(code)!, id: UUID(), by: user, at: now)
        }
        let own = try await register("GM0637", "2026-03-10", .elsewhere, grounds: ["godsdienst", "herkomst"])
        _ = try await HandlingStepStore(database: database).update(own.id, step: "melding-politie", with: IncidentStepUpdate.Valid(state: .done, doneOn: "2026-03-11"),
                                                                    expectedVersion: nil, by: user, at: now)
        for code in ["GM0503", "GM0518", "GM0344", "GM0363", "GM0935"] { _ = try await register(code, "2026-03-12", .elsewhere) }
        _ = try await register("GM0637", "2026-07-01", .neighbourhoodTension)
        _ = try await register("GM0637", "2025-06-01", .elsewhere)
    }

    @Test("a municipality's own report: every table with nothing hidden, the year's incidents listed with their steps, the file for Excel; the national report for the analyst, small groups hidden; others refused",
          arguments: TestEngine.available)
    func report(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Self.now)) { client, database in
            let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            _ = try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            try await Self.fill(database, by: gina.id)

            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            let page = try await official.get("/incidenten/jaarverslag?jaar=2026")
            #expect(page.status == .ok && page.text.contains("Jaarverslag incidenten 2026: Zoetermeer") && page.text.contains("In 2026 registreerde Zoetermeer 2 incidenten"))
            #expect(page.text.contains("<th scope=\"row\">Herkomst of huidskleur (‘ras’)</th><td class=\"number\">1</td>"), "its own: one is shown")
            #expect(page.text.contains("<th scope=\"row\">Melding of aangifte bij de politie</th><td class=\"number\">1</td>"))
            #expect(page.text.contains("<th scope=\"row\">Buurt of wijk</th><td class=\"number\">1</td>") && !page.text.contains("verborgen-uitleg"))
            #expect(page.text.contains("IN-2026-00001") && page.text.contains("<td>1 van 6</td>") && !page.text.contains("Voorval in GM0503"))
            let file = try await official.get("/incidenten/jaarverslag.csv?jaar=2026")
            let bytes = Array(file.body.readableBytesView)
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            #expect(bytes.prefix(3) == [0xEF, 0xBB, 0xBF] && file.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(text.hasPrefix("Tabel;Onderdeel;Aantal\r\n") && text.contains("Per soort;Spanning in een wijk;1\r\n") && text.contains("Per maand;mrt.;1\r\n"))
            #expect(file.headers[.contentDisposition] == "attachment; filename=\"incidenten-jaarverslag-2026-GM0637.csv\"")

            var analyst = Browser(client)
            try await analyst.signIn("anouk@nctv.example")
            let national = try await analyst.get("/incidenten/jaarverslag?jaar=2026")
            #expect(national.status == .ok && national.text.contains("Jaarverslag incidenten 2026: landelijk") && national.text.contains("in 6 gemeenten"))
            // Religion rests on six municipalities; origin (Zoetermeer alone) is hidden; no incident listed.
            #expect(national.text.contains("<th scope=\"row\">Godsdienst</th><td class=\"number\">6</td>")
                    && national.text.contains("<th scope=\"row\">Herkomst of huidskleur (‘ras’)</th><td class=\"number\"><span aria-describedby=\"verborgen-uitleg\">–</span>"))
            #expect(!national.text.contains("IN-2026-00001") && !national.text.contains("Zoetermeer"))
            let nationalFile = String(decoding: Array(try await analyst.get("/incidenten/jaarverslag.csv?jaar=2026").body.readableBytesView).dropFirst(3), as: UTF8.self)
            #expect(nationalFile.contains("Herkomst of huidskleur (‘ras’);niet getoond\r\n"))
            var desk = Browser(client)
            try await desk.signIn("lotte@vng.example")
            #expect(try await desk.get("/incidenten/jaarverslag").status == .forbidden)

            // The API: the same, as JSON or as the file.
            let token = try await TestApp.bearer(database, user: gina, scopes: [.read])
            let json = try await client.executeRequest(uri: "/api/v1/incident-jaarverslag?jaar=2026", method: .get, headers: [.authorization: token], body: nil)
            let body = try json.json()
            #expect(json.status == .ok && body["gemeente"] as? String == "GM0637" && body["totaal"] as? Int == 2 && (body["incidenten"] as? [String])?.count == 2)
            #expect((body["stappen"] as? [String: String])?["melding-politie"] == "Melding of aangifte bij de politie")
            let csv = try await client.executeRequest(uri: "/api/v1/incident-jaarverslag?jaar=2026", method: .get, headers: [.authorization: token, .accept: "text/csv"], body: nil)
            #expect(csv.status == .ok && String(decoding: Array(csv.body.readableBytesView).dropFirst(3), as: UTF8.self) == text)
            let bad = try await client.executeRequest(uri: "/api/v1/incident-jaarverslag?jaar=volgend", method: .get, headers: [.authorization: token], body: nil)
            #expect(bad.status == .badRequest)
        }
    }
}
