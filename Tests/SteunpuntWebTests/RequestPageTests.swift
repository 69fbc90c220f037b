import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: support requests")
struct RequestPageTests {
    static func id(from location: String?) throws -> String {
        let path = try #require(location)
        return String(path.dropFirst("/hulpvragen/".count).prefix(36))
    }

    @Test("the whole flow through the forms: intake, referral, acceptance, assignment, activity, internal note, closing, outcome seen by the requester")
    func flow() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent, name: "Lotte Loket")
            try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator, name: "Carla Coördinator")
            let advisor = try await TestApp.user(database, email: "ahmed@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Ahmed Adviseur")

            var desk = Browser(client)
            _ = try await desk.signIn("lotte@vng.example")
            let form = try await desk.get("/hulpvragen/nieuw")
            #expect(form.status == .ok && form.text.contains("name=\"aanvrager\"") && form.text.contains("Telefoon"))
            let wrong = try await desk.post("/hulpvragen", form: [("titel", ""), ("omschrijving", "BSN 111222333"), ("aanvrager", "GM0637"), ("kanaal", "")])
            #expect(wrong.status == .badRequest)
            for message in ["Vul een titel in", "burgerservicenummer", "Kies minstens één behoefte", "Kies bij welk loket de vraag binnenkwam"] {
                #expect(wrong.text.contains(message), "error summary names: \(message)")
            }
            #expect(wrong.text.contains(">BSN 111222333</textarea>"), "what was typed comes back to be corrected (nothing stored)")
            #expect(try await RequestStore(database: database).list(RequestFilter(), scope: .party(.vngDesk), page: PageRequest()).total == 0)
            let filed = try await desk.post("/hulpvragen", form: [
                ("titel", "Brede aanpak gevraagd"), ("omschrijving", "De gemeente wil een brede preventieve aanpak opzetten."),
                ("aanvrager", "GM0637"), ("behoeften", "breed-preventieve-aanpak"), ("behoeften", "lokale-samenwerking"),
                ("kanaal", "telefoon"), ("urgentie", "normaal"),
            ])
            #expect(filed.status == .seeOther)
            let id = try Self.id(from: filed.headers[.location])
            let detail = try await desk.get("/hulpvragen/\(id)?ingediend=1")
            #expect(detail.status == .ok && detail.text.contains("HV-") && detail.text.contains("Brede preventieve aanpak") == false)
            #expect(detail.text.contains("Advies over een brede preventieve aanpak") && detail.text.contains("Doorverwijzen"))
            #expect(!detail.text.contains("value=\"accepteren\""), "the desk cannot accept its own request")

            let noReason = try await desk.post("/hulpvragen/\(id)/acties", form: [("actie", "doorverwijzen"), ("naar", "szw-ess"), ("reden", "")])
            #expect(noReason.status == .badRequest && noReason.text.contains("Geef een reden")
                    && noReason.text.contains(#"<p class="field-error" id="reden-doorverwijzen-fout">"#), "at the field of the form that was sent")
            #expect(try await desk.post("/hulpvragen/\(id)/acties", form: [("actie", "doorverwijzen"), ("naar", "szw-ess"), ("reden", "Maatwerkadvies")]).status == .seeOther)

            var coordinator = Browser(client)
            _ = try await coordinator.signIn("carla@ess.example")
            let incoming = try await coordinator.get("/hulpvragen?status=doorverwezen")
            #expect(incoming.text.contains("Brede aanpak gevraagd"))
            #expect(try await coordinator.post("/hulpvragen/\(id)/acties", form: [("actie", "accepteren")]).status == .seeOther)
            let assignPage = try await coordinator.get("/hulpvragen/\(id)")
            #expect(assignPage.text.contains("Ahmed Adviseur (0 open)"), "workload per advisor")
            #expect(try await coordinator.post("/hulpvragen/\(id)/acties", form: [("actie", "toewijzen"), ("behandelaar", advisor.id.uuidString)]).status == .seeOther)

            var unit = Browser(client)
            _ = try await unit.signIn("ahmed@ess.example")
            let badActivity = try await unit.post("/hulpvragen/\(id)/activiteiten", form: [("soort", "adviesgesprek"), ("datum", "2999-01-01"), ("uren", "abc"), ("deelnemers", "3")])
            #expect(badActivity.status == .badRequest && badActivity.text.contains("kan niet in de toekomst liggen") && badActivity.text.contains("value=\"3\""),
                    "errors listed, what was typed kept")
            #expect(try await unit.post("/hulpvragen/\(id)/activiteiten", form: [("soort", "adviesgesprek"), ("datum", "2026-01-10"), ("uren", "1,5"), ("deelnemers", "4")]).status == .seeOther)
            #expect(try await unit.post("/hulpvragen/\(id)/berichten", form: [("tekst", "Vergelijkbaar met aanpak Delft"), ("intern", "ja")]).status == .seeOther)
            #expect(try await unit.post("/hulpvragen/\(id)/berichten", form: [("tekst", "Wij nemen contact op voor een adviesgesprek.")]).status == .seeOther)
            #expect(try await unit.post("/hulpvragen/\(id)/acties", form: [("actie", "afsluiten"), ("uitkomst", "geadviseerd")]).status == .seeOther)

            var official = Browser(client)
            _ = try await official.signIn("gina@zoetermeer.example")
            let mine = try await official.get("/hulpvragen")
            #expect(mine.text.contains("Brede aanpak gevraagd"))
            let seen = try await official.get("/hulpvragen/\(id)")
            #expect(seen.text.contains("Geadviseerd") && seen.text.contains("Wij nemen contact op") && seen.text.contains("Adviesgesprek"))
            #expect(!seen.text.contains("aanpak Delft"), "the unit's internal note is not shown to the requester")
            #expect(seen.text.contains("value=\"heropenen\"") && !seen.text.contains("value=\"toewijzen\""))
            #expect(seen.text.contains("action=\"/hulpvragen/\(id)/beoordeling\""), "the requester is asked for feedback")
            #expect(try await official.post("/hulpvragen/\(id)/beoordeling", form: [("score", "5"), ("toelichting", "Heel behulpzaam")]).status == .seeOther)
            let judged = try await official.get("/hulpvragen/\(id)?beoordeeld=1")
            #expect(judged.text.contains("5 van 5") && !judged.text.contains("action=\"/hulpvragen/\(id)/beoordeling\""))
            let deskView = try await desk.get("/hulpvragen/\(id)")
            #expect(deskView.text.contains("Geadviseerd"), "the referring desk reads the outcome")

            let csv = try await desk.get("/hulpvragen.csv")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let bytes = Array(csv.body.readableBytesView)
            #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 with BOM for Excel")
            let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
            #expect(lines[0].hasPrefix("Nummer;Titel;Aanvrager;Gemeente;Kanaal"))
            #expect(lines[1].contains(";Brede aanpak gevraagd;Zoetermeer;Zoetermeer;Telefoon;Normaal;Afgesloten;Geadviseerd;VNG-loket radicalisering;"))
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .requestsExported), page: PageRequest()).total == 1)
        }
    }

    @Test("a municipality files for itself through a desk it chooses")
    func requesterFiles() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            var official = Browser(client)
            _ = try await official.signIn("gina@zoetermeer.example")
            let form = try await official.get("/hulpvragen/nieuw")
            #expect(!form.text.contains("name=\"aanvrager\"") && !form.text.contains(">Telefoon<") && !form.text.contains("Helpdesk School"))
            let filed = try await official.post("/hulpvragen", form: [("titel", "Spanning na incident"), ("omschrijving", "Onrust in de wijk"),
                                                                      ("behoeften", "maatschappelijke-spanning"), ("kanaal", "unit-direct"), ("urgentie", "hoog")])
            #expect(filed.status == .seeOther)
            let page = try await official.get(filed.headers[.location] ?? "")
            #expect(page.text.contains("Uw hulpvraag is ingediend bij Expertise-unit Sociale Stabiliteit") && page.text.contains("U krijgt uiterlijk "),
                    "filing says who responds and by when")
            #expect(page.text.contains("Op tijd"), "a fresh request is on time, not almost overdue")
        }
    }

    @Test("waiting for the requester: the question stands on top with the answer form; answering says the clock runs again")
    func waitingBanner() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            var official = Browser(client)
            _ = try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/hulpvragen/nieuw")
            let filed = try await official.post("/hulpvragen", form: [("titel", "Spanning na incident"), ("omschrijving", "Onrust in de wijk"),
                                                                      ("behoeften", "maatschappelijke-spanning"), ("kanaal", "vng-loket"), ("urgentie", "normaal")])
            #expect(filed.status == .seeOther)
            let id = try RequestPageTests.id(from: filed.headers[.location])
            var desk = Browser(client)
            _ = try await desk.signIn("lotte@vng.example")
            _ = try await desk.get("/hulpvragen/\(id)")
            let asked = try await desk.post("/hulpvragen/\(id)/acties", form: [("actie", "wachten-op-aanvrager"), ("reden", "Welke wijk bedoelt u precies?"),
                                                                              ("versie", "1")])
            #expect(asked.status == .seeOther)
            let deskPage = try await desk.get("/hulpvragen/\(id)")
            #expect(!deskPage.text.contains("waiting-banner"), "the handler does not get the requester's banner")
            let page = try await official.get("/hulpvragen/\(id)")
            #expect(page.text.contains("vraagt u om een antwoord") && page.text.contains("VNG") && page.text.contains("Welke wijk bedoelt u precies?"))
            #expect(page.text.components(separatedBy: "name=\"tekst\"").count == 2 && page.text.contains("id=\"antwoord-tekst\""), "one answer form, on top")
            let answered = try await official.post("/hulpvragen/\(id)/berichten", form: [("tekst", "De wijk Meerzicht."), ("antwoord", "ja")])
            #expect(answered.headers[.location] == "/hulpvragen/\(id)?beantwoord=1")
            let after = try await official.get(answered.headers[.location] ?? "")
            #expect(after.text.contains("Uw antwoord is verstuurd. De termijn loopt weer") && !after.text.contains("waiting-banner"))
        }
    }
}

@Suite("Pages: routing rules")
struct RoutingPageTests {
    @Test("the coordinator keeps the rules; the desk sees the proposal preselected; others may not edit")
    func routing() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "carla@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            var coordinator = Browser(client)
            _ = try await coordinator.signIn("carla@ess.example")
            #expect(try await coordinator.get("/beheer/routering").status == .ok)
            let bad = try await coordinator.post("/beheer/routering", form: [("behoefte", "onzin"), ("naar", "")])
            #expect(bad.status == .badRequest && bad.text.contains(#"id="behoefte-fout""#) && bad.text.contains("Kies naar welke organisatie u doorverwijst"))
            #expect(try await coordinator.post("/beheer/routering", form: [("naar", "kis")]).status == .seeOther)
            #expect(try await coordinator.post("/beheer/routering", form: [("behoefte", "breed-preventieve-aanpak"), ("naar", "szw-ess")]).status == .seeOther)
            var rules = try await RoutingRuleStore(database: database).all()
            #expect(rules.map(\.target.rawValue) == ["kis", "szw-ess"])
            // The specific rule goes first.
            #expect(try await coordinator.post("/beheer/routering/\(rules[1].id.uuidString.lowercased())/omhoog", form: []).status == .seeOther)
            rules = try await RoutingRuleStore(database: database).all()
            #expect(rules.map(\.target.rawValue) == ["szw-ess", "kis"])

            var desk = Browser(client)
            _ = try await desk.signIn("lotte@vng.example")
            #expect(try await desk.get("/beheer/routering").status == .forbidden)
            _ = try await desk.get("/hulpvragen/nieuw")
            let filed = try await desk.post("/hulpvragen", form: [("titel", "Aanpak"), ("omschrijving", "Brede aanpak"), ("aanvrager", "GM0637"),
                                                                  ("behoeften", "breed-preventieve-aanpak"), ("kanaal", "telefoon")])
            let page = try await desk.get(try #require(filed.headers[.location], "\(filed.status) \(filed.text.prefix(3000))"))
            #expect(page.text.contains("Voorstel volgens de routering: Expertise-unit Sociale Stabiliteit"))
            #expect(page.text.contains("<option value=\"szw-ess\" selected>"))
            let events = try await AuditStore(database: database).search(AuditFilter(action: .routingChanged), page: PageRequest()).total
            #expect(events == 3)
        }
    }
}
