import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: the programme's progress reports")
struct ReportPageTests {
    @Test("""
        an analyst starts the quarter's report (every problem at once), reads it composed from the measures, hands it in; a second analyst is told to \\
        close the quarter first, then publishes; the public page (signed out) shows it with its SHA-256, which is that of the stored file; the unit reads \\
        drafts and cannot start one
        """, arguments: TestEngine.available)
    func composeReviewPublish(engine: TestEngine) async throws {
        try await TestApp.with(engine, clock: TestClock(Date(timeIntervalSince1970: 1_796_000_000))) { client, database in  // 29 November 2026
            _ = try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            _ = try await TestApp.user(database, email: "anouk@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            _ = try await TestApp.user(database, email: "bram@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var unit = Browser(client)
            try await unit.signIn("carla@ess.example")
            _ = try await unit.post("/programma/maatregelen/nieuw", form: [("nummer", "25"), ("titel", "Expertise-unit sociale stabiliteit"), ("status", "lopend"),
                                                                         ("begin", "2026-02-01"), ("rijen", "0")])
            _ = try await unit.post("/programma/maatregelen/25/voortgang", form: [("periode", "2026-K3"), ("tekst", "Een aantal gemeenten is geadviseerd.")])

            var anouk = Browser(client)
            try await anouk.signIn("anouk@nctv.example")
            let list = try await anouk.get("/programma/rapportages")
            #expect(list.text.contains("Er zijn nog geen voortgangsrapportages.") && list.text.contains(#"<option value="2026-K3" selected>"#),
                    "the last quarter offered first")
            let refused = try await anouk.post("/programma/rapportages", form: [("periode", "2027-K3"), ("titel", ""), ("inleiding", "BSN 111222333")])
            #expect(refused.status == .badRequest && refused.text.contains(##"href="#periode""##) && refused.text.contains(##"href="#titel""##)
                    && refused.text.contains(##"href="#inleiding""##) && refused.text.contains("BSN 111222333"))
            let started = try await anouk.post("/programma/rapportages", form: [("periode", "2026-K3"), ("titel", "Tweede voortgangsrapportage"),
                                                                                ("inleiding", "Hierbij de voortgang.")])
            #expect(started.status == .seeOther && started.headers[.location] == "/programma/rapportages/2026-K3?gedaan=begonnen")
            let draft = try await anouk.get("/programma/rapportages/2026-K3?gedaan=begonnen")
            #expect(draft.text.contains("De rapportage is begonnen.") && draft.text.contains("Maatregel 25: Expertise-unit sociale stabiliteit")
                    && draft.text.contains("Een aantal gemeenten is geadviseerd.") && draft.text.contains("Gemeenten geadviseerd")
                    && draft.text.contains("Bijlage: overzicht van maatregelen en acties") && draft.text.contains("/indienen"))
            #expect(try await anouk.post("/programma/rapportages/2026-K3", form: [("versie", "1"), ("titel", "Tweede voortgangsrapportage 2026"),
                                                                                 ("inleiding", "Hierbij de voortgang.")]).status == .seeOther)
            let stale = try await anouk.post("/programma/rapportages/2026-K3/indienen", form: [("versie", "1")])
            #expect(stale.status == .conflict && stale.text.contains("Iemand anders heeft de rapportage intussen gewijzigd."))
            #expect(try await anouk.post("/programma/rapportages/2026-K3/indienen", form: [("versie", "2")]).status == .seeOther)
            let own = try await anouk.get("/programma/rapportages/2026-K3")
            #expect(own.text.contains("Ter beoordeling") && !own.text.contains("/publiceren\"") && own.text.contains("/terugzetten"), "four eyes")

            var bram = Browser(client)
            try await bram.signIn("bram@nctv.example")
            let blocked = try await bram.get("/programma/rapportages/2026-K3")
            #expect(blocked.text.contains("Publiceren kan zodra het 3e kwartaal 2026 is vastgesteld") && !blocked.text.contains("/publiceren\""))
            _ = try await bram.post("/programma/indicatoren/vaststellen", form: [("periode", "2026-K3")])
            let published = try await bram.post("/programma/rapportages/2026-K3/publiceren", form: [("versie", "3")])
            #expect(published.status == .seeOther)
            let after = try await bram.get("/programma/rapportages/2026-K3?gedaan=gepubliceerd")
            #expect(after.text.contains("De rapportage is gepubliceerd.") && after.text.contains("href=\"/voortgangsrapportages/2026-K3\""))

            var visitor = Browser(client)
            let open = try await visitor.get("/voortgangsrapportages/2026-K3")
            let stored = try #require(try await ReportStore(database: database).snapshot(PlanQuarter("2026-K3")!))
            let sha = try #require(stored.report.sha256)
            #expect(open.status == .ok && open.text.contains("Tweede voortgangsrapportage 2026") && open.text.contains(sha))
            let json = try await visitor.get("/voortgangsrapportages/2026-K3/rapportage.json")
            #expect(json.status == .ok && Data(json.text.utf8) == stored.bytes && json.headers[.eTag] == "\"\(sha)\"")
            #expect(try await visitor.get("/voortgangsrapportages").text.contains("href=\"/voortgangsrapportages/2026-K3\""))
            // Every figure with its provenance, for Dutch Excel: the whole and each part, the quarter closed.
            let csv = try await visitor.get("/voortgangsrapportages/2026-K3/cijfers.csv")
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8"
                    && lines.first?.hasSuffix("Maatregel;Indicator;Code;Versie van de definitie;Periode;Deel;Cijfer;Verborgen;Aantal gegevens;Gelezen op;Kwartaal vastgesteld;Streefwaarde") == true,
                    "\(lines.first ?? "")")
            #expect(lines.contains { $0.hasPrefix("25;Gemeenten geadviseerd;gemeenten-geadviseerd;1;2026-K3;Totaal;0;nee;0;") && $0.hasSuffix(";ja;") },
                    "\(lines.prefix(4))")
            #expect(try await unit.get("/programma/rapportages/2026-K3/cijfers.csv").status == .ok)
            #expect(try await visitor.get("/voortgangsrapportages/2026-K2").status == .notFound)

            let unitView = try await unit.get("/programma/rapportages")
            #expect(unitView.status == .ok && !unitView.text.contains("Rapportage beginnen"))
            #expect(try await unit.post("/programma/rapportages", form: [("periode", "2026-K2"), ("titel", "X"), ("inleiding", "Y")]).status == .forbidden)
        }
    }

    @Test("a breakdown drawn as rows: long names kept readable, figures as the page writes them, a hidden one a dash and never a bar, the longest bar the largest figure")
    func rowChart() {
        let svg = RowChart(id: "c", title: "Gemeenten, per provincie", description: "Uitleg", labels: ["Noord-Brabant", "Zeeland", "Zuid-Holland"],
                           values: [12.5, nil, 25], number: { NumberText.decimal($0, .dutch) }).svg
        #expect(svg.contains("<title id=\"c-t\">Gemeenten, per provincie</title>") && svg.contains("aria-labelledby=\"c-t c-d\"") && svg.contains(">12,5</text>"))
        #expect(svg.components(separatedBy: "class=\"bar\"").count == 3 && svg.components(separatedBy: "class=\"bar-hidden\"").count == 2)
        let widths = svg.components(separatedBy: "class=\"bar\"").dropFirst().compactMap { part -> Double? in
            guard let range = part.range(of: "width=\"") else { return nil }
            return Double(part[range.upperBound...].prefix { $0 != "\"" })
        }
        #expect(widths.count == 2 && widths[1] == 2 * widths[0], "the bar of 25 twice that of 12,5")
    }
}
