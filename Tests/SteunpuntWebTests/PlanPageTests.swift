import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: the 10-point plan")
struct PlanPageTests {
    static let valid: [(String, String)] = [("status", "in-voorbereiding"), ("sinds", "2026-10-01"), ("bewijs", ""),
                                            ("verantwoordelijkeFunctie", "Beleidsadviseur openbare orde"), ("volgendeStap", "Voorstel aan het college"),
                                            ("volgendeStapOp", "2027-03-01"), ("wilOndersteuning", "ja")]

    @Test("a municipality sees its own plan first, records a point (every problem at once, typed values kept), reads it back with its history; a stale save is 409")
    func municipalityKeepsItsOwn() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            let own = try await official.get("/tienpuntenplan")
            #expect(own.status == .ok && own.text.contains("10-puntenplan van Zoetermeer") && own.text.contains("0 van de 10 punten"))
            #expect(own.text.contains("href=\"/tienpuntenplan/GM0637/regie\"") && own.text.contains("Nog niet bijgewerkt."))
            #expect(own.text.contains("aria-current=\"page\">10-puntenplan</a>"), "in the navigation, marked")
            #expect(own.text.contains("startversie"), "the starting version says so")

            let form = try await official.get("/tienpuntenplan/GM0637/regie")
            #expect(form.status == .ok && form.text.contains("name=\"status\"") && form.text.contains("Nog geen wijzigingen."))
            let refused = try await official.post("/tienpuntenplan/GM0637/regie", form: [
                ("status", "ingevoerd"), ("sinds", ""), ("bewijs", ""), ("volgendeStap", "Bel over 123456782"), ("volgendeStapOp", "2027-02-30"), ("versie", "0")])
            #expect(refused.status == .badRequest)
            for field in ["sinds-fout", "bewijs-fout", "volgendeStap-fout", "volgendeStapOp-fout"] { #expect(refused.text.contains(field), "\(field)") }
            #expect(refused.text.contains("value=\"ingevoerd\" checked"), "what was chosen is kept")

            let saved = try await official.post("/tienpuntenplan/GM0637/regie", form: Self.valid + [("versie", "0")])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/tienpuntenplan/GM0637?gedaan=opgeslagen#punt-regie")
            let after = try await official.get("/tienpuntenplan/GM0637?gedaan=opgeslagen")
            #expect(after.text.contains("De voortgang is opgeslagen.") && after.text.contains("plan-status-in-voorbereiding")
                    && after.text.contains("Voorstel aan het college (uiterlijk 1\u{00A0}mrt.\u{00A0}2027)") && after.text.contains("wil ondersteuning"))
            #expect(!after.text.contains("<span class=\"hint\"></span>"), "no empty line where a point has no day")
            let point = try await official.get("/tienpuntenplan/GM0637/regie")
            #expect(point.text.contains("Gina Gemeente") && point.text.contains("Beleidsadviseur openbare orde") && point.text.contains("name=\"versie\" value=\"1\""))
            let stale = try await official.post("/tienpuntenplan/GM0637/regie", form: Self.valid.filter { $0.0 != "volgendeStap" }
                                                + [("volgendeStap", "Op een oude versie"), ("versie", "0")])
            #expect(stale.status == .conflict && stale.text.contains("intussen gewijzigd") && stale.text.contains("Op een oude versie"))
            #expect(try await ProgressStore(database: database).history(of: MunicipalityCode("GM0637")!).count == 1, "the refused and the stale stored nothing")

            // Another municipality's plan is not this official's to read or change.
            #expect(try await official.get("/tienpuntenplan/GM0503").status == .forbidden)
            #expect(try await official.get("/tienpuntenplan/GM0503/regie").status == .forbidden)
            #expect(try await official.post("/tienpuntenplan/GM0503/regie", form: Self.valid + [("versie", "0")]).status == .forbidden)
            #expect(try await official.get("/tienpuntenplan/GM0637/geen-punt").status == .notFound)
        }
    }

    @Test("the unit opens any municipality's progress and reads it without a form; analysts read the plan only")
    func unitReads() async throws {
        try await TestApp.with { client, database in
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "analist@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let valid = try ProgressDraft(status: "ingevoerd", since: "2026-06-01", evidence: "Besluit van het college van 1 juni").validated(today: Date())
            _ = try await ProgressStore(database: database).save(valid, municipality: MunicipalityCode("GM0637")!, point: "samenwerking", expectedVersion: 0,
                                                                planVersion: 1, by: official.id, at: Date(), source: .form, historyID: UUID())
            var unit = Browser(client)
            try await unit.signIn("adviseur@ess.example")
            let index = try await unit.get("/tienpuntenplan")
            #expect(index.status == .ok && index.text.contains("name=\"gemeente\"") && index.text.contains("Samenwerking met partners"))
            let opened = try await unit.get("/tienpuntenplan?gemeente=gm0637")
            #expect(opened.status == .found && opened.headers[.location] == "/tienpuntenplan/GM0637")
            let wrong = try await unit.get("/tienpuntenplan?gemeente=Zoetermeer")
            #expect(wrong.status == .badRequest && wrong.text.contains("gemeente-fout"))
            let progress = try await unit.get("/tienpuntenplan/GM0637")
            #expect(progress.status == .ok && progress.text.contains("1 van de 10 punten") && progress.text.contains("Alleen de gemeente zelf"))
            #expect(progress.text.contains("Ingevoerd in Zuid-Holland") && !progress.text.contains("numeric\">–<"), "the unit sees every figure")
            let point = try await unit.get("/tienpuntenplan/GM0637/samenwerking")
            #expect(point.status == .ok && point.text.contains("Besluit van het college van 1 juni") && !point.text.contains("name=\"status\""))
            #expect(try await unit.post("/tienpuntenplan/GM0637/samenwerking", form: Self.valid + [("versie", "1")]).status == .forbidden)
            #expect(try await unit.get("/tienpuntenplan/GM9999").status == .notFound)

            var analyst = Browser(client)
            try await analyst.signIn("analist@nctv.example")
            let plan = try await analyst.get("/tienpuntenplan")
            #expect(plan.status == .ok && plan.text.contains("Samenwerking met partners") && !plan.text.contains("name=\"gemeente\""))
            #expect(try await analyst.get("/tienpuntenplan/GM0637").status == .forbidden)
            #expect(try await analyst.get("/tienpuntenplan/GM0637/samenwerking").status == .forbidden)
        }
    }

    @Test("the dashboard: a municipality sees how far its plan is and the next steps due; the unit sees who wants support; analysts see no names")
    func dashboard() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "analist@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            let soon = CalendarDay(of: Date().addingTimeInterval(10 * 86_400)).description
            _ = try await official.get("/tienpuntenplan/GM0637/deskundigheid")
            let saved = try await official.post("/tienpuntenplan/GM0637/deskundigheid", form: [
                ("status", "in-voorbereiding"), ("sinds", "2026-10-01"), ("volgendeStap", "Trainingsplan opstellen"), ("volgendeStapOp", soon),
                ("wilOndersteuning", "ja"), ("versie", "0")])
            #expect(saved.status == .seeOther)
            let own = try await official.get("/dashboard")
            #expect(own.text.contains("id=\"plan-kop\"") && own.text.contains("0 van de 10 punten zijn ingevoerd of geborgd.")
                    && own.text.contains("href=\"/tienpuntenplan/GM0637/deskundigheid\"") && own.text.contains("Trainingsplan opstellen"))

            var unit = Browser(client)
            try await unit.signIn("adviseur@ess.example")
            let board = try await unit.get("/dashboard")
            #expect(board.text.contains("Vragen om ondersteuning op het 10-puntenplan, te besluiten: 1")
                    && board.text.contains("Zoetermeer: 5. Deskundigheid van professionals") && board.text.contains("href=\"/tienpuntenplan/ondersteuning#voorstel-"))
            var analyst = Browser(client)
            try await analyst.signIn("analist@nctv.example")
            let theirs = try await analyst.get("/dashboard")
            #expect(theirs.status == .ok && !theirs.text.contains("id=\"plan-kop\"") && !theirs.text.contains("Deskundigheid van professionals"))
        }
    }

    @Test("support from the plan in the pages: the municipality ticks it and reads where it stands; the unit lists it; the coordinator dismisses (a reason with a BSN refused, kept) or confirms, and the municipality reads the request")
    func supportFromThePlan() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator, name: "Carla Coördinator")
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/tienpuntenplan/GM0637/deskundigheid")
            let asked = try await official.post("/tienpuntenplan/GM0637/deskundigheid", form: [
                ("status", "in-voorbereiding"), ("sinds", "2026-10-01"), ("volgendeStap", "Trainingsplan opstellen"), ("wilOndersteuning", "ja"), ("versie", "0")])
            #expect(asked.status == .seeOther)
            let waiting = try await official.get("/tienpuntenplan/GM0637/deskundigheid")
            #expect(waiting.text.contains("De coördinator van de expertise-unit besluit erover"))
            #expect(try await official.get("/tienpuntenplan/ondersteuning").status == .forbidden)

            var advisor = Browser(client)
            try await advisor.signIn("adviseur@ess.example")
            let listed = try await advisor.get("/tienpuntenplan/ondersteuning")
            #expect(listed.status == .ok && listed.text.contains("Zoetermeer: 5. Deskundigheid van professionals") && listed.text.contains("Trainingsplan opstellen"))
            #expect(listed.text.contains("1 te besluiten, 0 bevestigd") && !listed.text.contains(">Besluiten<"), "an advisor reads, the coordinator decides")
            let id = try #require(try await SteunpuntStorage.PlanSupportStore(database: database).list(state: .open).first?.id.lowercasedText)
            #expect(try await advisor.post("/tienpuntenplan/ondersteuning/\(id)/bevestiging", form: []).status == .forbidden)

            var coordinator = Browser(client)
            try await coordinator.signIn("coordinator@ess.example")
            let one = try await coordinator.get("/tienpuntenplan/ondersteuning/\(id)")
            #expect(one.status == .ok && one.text.contains("Bevestigen: hulpvraag aanmaken") && one.text.contains("name=\"reden\""))
            let refused = try await coordinator.post("/tienpuntenplan/ondersteuning/\(id)/afwijzing", form: [("reden", "Bel 123456782 terug")])
            #expect(refused.status == .badRequest && refused.text.contains("reden-fout") && refused.text.contains("Bel 123456782 terug"), "the reason typed is kept")
            let confirmed = try await coordinator.post("/tienpuntenplan/ondersteuning/\(id)/bevestiging", form: [])
            #expect(confirmed.status == .seeOther && confirmed.headers[.location] == "/tienpuntenplan/ondersteuning/\(id)?gedaan=bevestigd")
            let after = try await coordinator.get("/tienpuntenplan/ondersteuning/\(id)?gedaan=bevestigd")
            #expect(after.text.contains("de hulpvraag staat bij de expertise-unit") && after.text.contains("href=\"/hulpvragen/") && !after.text.contains("name=\"reden\""))
            #expect(try await coordinator.post("/tienpuntenplan/ondersteuning/\(id)/bevestiging", form: []).status == .conflict)
            let openNow = try await coordinator.get("/tienpuntenplan/ondersteuning")
            #expect(openNow.text.contains("0 te besluiten, 1 bevestigd, 0 afgewezen, 0 ingetrokken") && openNow.text.contains("Geen vragen om ondersteuning met deze keuze."))
            let confirmedList = try await coordinator.get("/tienpuntenplan/ondersteuning?status=bevestigd")
            #expect(confirmedList.text.contains("Zoetermeer: 5. Deskundigheid van professionals"), "the decided ones under their own state")

            let answered = try await official.get("/tienpuntenplan/GM0637/deskundigheid")
            #expect(answered.text.contains("bevestigd op") && answered.text.contains("href=\"/hulpvragen/") && answered.text.contains("Carla Coördinator"),
                    "the municipality reads the decision, the request, and who cleared the box")
            let requests = try await official.get("/hulpvragen")
            #expect(requests.text.contains("Ondersteuning 10-puntenplan, punt 5: Zoetermeer"), "the municipality follows the request like any other")
        }
    }
}

@Suite("Pages: the 10-point plan as a file")
struct PlanSheetPageTests {
    static func file(_ text: String, encoding: String.Encoding = .utf8) -> MultipartBody.File {
        MultipartBody.File(field: "bestand", name: "voortgang.csv", bytes: Array(text.data(using: encoding)!), contentType: "text/csv")
    }

    @Test("CSV round trip: the official downloads the sheet for Dutch Excel, uploads it changed (Dutch days, Windows-1252, names of statuses); every problem of every row at once and nothing stored; a row changed since the download refused; the unit downloads but does not upload")
    func roundTrip() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            let store = ProgressStore(database: database), code = MunicipalityCode("GM0637")!
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/tienpuntenplan/GM0637/regie")
            #expect(try await official.post("/tienpuntenplan/GM0637/regie", form: PlanPageTests.valid + [("versie", "0")]).status == .seeOther)

            let download = try await official.get("/tienpuntenplan/GM0637/voortgang.csv")
            let bytes = Array(download.body.readableBytesView)
            #expect(download.status == .ok && download.headers[.contentType] == "text/csv; charset=utf-8" && bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            let text = String(decoding: bytes.dropFirst(3), as: UTF8.self)
            let lines = text.split(separator: "\r\n").map(String.init)
            #expect(lines.count == 11 && lines[0] == ProgressSheet.columns.joined(separator: ";"))
            #expect(lines[1] == "regie;1;Regie en aanspreekpunt;in voorbereiding;2026-10-01;;Beleidsadviseur openbare orde;Voorstel aan het college;2027-03-01;ja;1")

            let page = try await official.get("/tienpuntenplan/GM0637/bestand")
            #expect(page.status == .ok && page.text.contains("enctype=\"multipart/form-data\"") && page.text.contains("href=\"/tienpuntenplan/GM0637/voortgang.csv\""))

            // Every problem of every row at once; nothing stored.
            var broken = lines
            broken[1] = "regie;1;Regie;ingevoerd;31-2-2026;;;;;misschien;1"
            broken[2] = "lokaal-beeld;2;Lokaal beeld;half af;;;;;;nee;0"
            broken[3] = "geen-punt;3;?;ingevoerd;;;;;;nee;0"
            broken[4] = "lokaal-beeld;2;Lokaal beeld;niet gestart;;;;;;nee;0"
            broken[5] = "samenwerking;4;Samenwerking;ingevoerd;1-10-2026;Convenant, bel 123456782;;;;nee;0"
            let refused = try await official.postMultipart("/tienpuntenplan/GM0637/bestand", form: [], file: Self.file(broken.joined(separator: "\r\n")))
            #expect(refused.status == .badRequest)
            for expected in ["Rij 2, kolom ‘sinds’", "Rij 2, kolom ‘bewijs’", "Rij 2, kolom ‘ondersteuning gewenst’", "Rij 3, kolom ‘status’", "Rij 4, kolom ‘sleutel’",
                             "Rij 5, kolom ‘sleutel’", "Rij 6, kolom ‘bewijs’", "Er is niets opgeslagen"] {
                #expect(refused.text.contains(expected), "\(expected)")
            }
            #expect(try await store.history(of: code).count == 1, "nothing of a refused file is stored")

            // Changed as Dutch Excel saves it: Windows-1252, Dutch days, a status by its name.
            var changed = lines
            changed[1] = "regie;1;Regie en aanspreekpunt;Geëvalueerd en geborgd;1-11-2026;Portefeuilleverdeling vastgesteld;Beleidsadviseur openbare orde;;;nee;1"
            changed[4] = "samenwerking;4;Samenwerking met partners;In voorbereiding;02-11-2026;;;Convenant opstellen;15-1-2027;nee;0"
            let saved = try await official.postMultipart("/tienpuntenplan/GM0637/bestand", form: [],
                                                         file: Self.file(changed.joined(separator: "\r\n") + "\r\n", encoding: .windowsCP1252))
            #expect(saved.status == .seeOther && saved.headers[.location] == "/tienpuntenplan/GM0637?gedaan=bestand&gewijzigd=2&ongewijzigd=8")
            let after = try await official.get(try #require(saved.headers[.location]))
            #expect(after.text.contains("Het bestand is verwerkt: 2 punten bijgewerkt, 8 ongewijzigd."))
            let now = try await store.progress(of: code)
            #expect(now["regie"]?.status == .sustained && now["regie"]?.since == "2026-11-01" && now["regie"]?.wantsSupport == false)
            #expect(now["samenwerking"]?.nextStepOn == "2027-01-15" && now["samenwerking"]?.version == 1)
            #expect(try await store.history(of: code, point: "regie").first?.source == .upload)

            // The first download again: its row for `regie` was made on version 1, now 2.
            let stale = try await official.postMultipart("/tienpuntenplan/GM0637/bestand", form: [],
                                                         file: Self.file(lines.joined(separator: "\r\n").replacingOccurrences(of: "Voorstel aan het college", with: "Ander voorstel")))
            #expect(stale.status == .badRequest && stale.text.contains("Rij 2, kolom ‘versie’"))
            let notCSV = try await official.postMultipart("/tienpuntenplan/GM0637/bestand", form: [], file: MultipartBody.File(field: "bestand", name: "x.csv", bytes: [0x00, 0x01, 0x02]))
            #expect(notCSV.status == .badRequest && notCSV.text.contains("geen CSV-bestand"))
            let noColumns = try await official.postMultipart("/tienpuntenplan/GM0637/bestand", form: [], file: Self.file("a;b\r\n1;2\r\n"))
            #expect(noColumns.status == .badRequest && noColumns.text.contains("‘sleutel’") && noColumns.text.contains("‘status’"))
            #expect(try await official.get("/tienpuntenplan/GM0503/voortgang.csv").status == .forbidden)

            var unit = Browser(client)
            try await unit.signIn("adviseur@ess.example")
            #expect(try await unit.get("/tienpuntenplan/GM0637/voortgang.csv").status == .ok)
            let unitPage = try await unit.get("/tienpuntenplan/GM0637/bestand")
            #expect(unitPage.status == .ok && !unitPage.text.contains("type=\"file\""))
            #expect(try await unit.postMultipart("/tienpuntenplan/GM0637/bestand", form: [], file: Self.file(text)).status == .forbidden)
        }
    }
}

@Suite("Pages: the 10-point plan's national overview")
struct PlanOverviewPageTests {
    @Test("the unit reads every municipality against every point (filtered, sorted, paged) and who has not started; analysts and municipalities read the figures only, a group under five hidden")
    func overview() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "analist@nctv.example", organisation: "nctv", role: .nationalAnalyst)
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let store = ProgressStore(database: database)
            let inPlace = try ProgressDraft(status: "ingevoerd", since: "2026-06-01", evidence: "Vastgesteld").validated(today: Date())
            for code in ["GM0637", "GM0034"] { // Zoetermeer, Almere
                _ = try await store.save(inPlace, municipality: MunicipalityCode(code)!, point: "regie", expectedVersion: 0, planVersion: 1, by: official.id,
                                         at: Date(), source: .form, historyID: UUID())
            }

            var unit = Browser(client)
            try await unit.signIn("adviseur@ess.example")
            let all = try await unit.get("/tienpuntenplan/overzicht")
            #expect(all.status == .ok && all.text.contains("342 gemeenten in dit overzicht.") && all.text.contains("340 gemeenten hebben nog geen enkel punt"))
            #expect(all.text.contains("id=\"matrix-kop\"") && all.text.contains("Pagina 1 van 7") && all.text.contains("href=\"/tienpuntenplan/GM1680\""), "Aa en Hunze first, 50 a page")
            #expect(all.text.contains("<svg class=\"heat-matrix\"") && all.text.contains("aria-labelledby=\"heat-t heat-d\"") && all.text.contains("<title id=\"heat-t\">"),
                    "the heat matrix, named for screen readers")
            #expect(all.text.contains("<svg class=\"tile-map\"") && all.text.components(separatedBy: "<g class=\"tile\" data-province=").count - 1 == 12,
                    "twelve provinces on the map")
            #expect(all.text.contains("<caption id=\"kaart-tabel\">De cijfers van de kaart</caption>"), "the map's figures as a table beside it")
            let done = try await unit.get("/tienpuntenplan/overzicht?status=ingevoerd&punt=regie&sorteer=gereed")
            #expect(done.text.contains("2 gemeenten in dit overzicht.") && done.text.contains(">Almere</a>") && done.text.contains(">Zoetermeer</a>"))
            let flevoland = try await unit.get("/tienpuntenplan/overzicht?provincie=flevoland&inwonerklasse=vanaf-100k")
            #expect(flevoland.text.contains("1 gemeenten in dit overzicht.") && flevoland.text.contains(">Almere</a>"), "the unit sees every figure")
            #expect(try await unit.get("/tienpuntenplan/overzicht?provincie=atlantis").status == .badRequest)
            #expect(done.text.contains("href=\"/tienpuntenplan/overzicht.csv?punt=regie&amp;sorteer=gereed&amp;status=ingevoerd\""))
            let sheet = try await unit.get("/tienpuntenplan/overzicht.csv?punt=regie&sorteer=gereed&status=ingevoerd")
            let sheetLines = String(decoding: sheet.body.readableBytesView.dropFirst(3), as: UTF8.self).split(separator: "\r\n")
            #expect(sheet.status == .ok && sheetLines.count == 3 && sheetLines[1].hasPrefix("GM0034;Almere;Flevoland;") && sheetLines[1].contains(";ingevoerd;"))

            var analyst = Browser(client)
            try await analyst.signIn("analist@nctv.example")
            let figures = try await analyst.get("/tienpuntenplan/overzicht")
            #expect(figures.status == .ok && figures.text.contains("342 gemeenten in dit overzicht.") && !figures.text.contains("id=\"matrix-kop\""))
            #expect(!figures.text.contains(">Almere</a>") && !figures.text.contains("name=\"prioriteit\""), "no names, no priority flag")
            #expect(figures.text.contains("340 gemeenten hebben nog geen enkel punt"))
            let small = try await analyst.get("/tienpuntenplan/overzicht?provincie=flevoland&inwonerklasse=vanaf-100k")
            #expect(small.text.contains("Te weinig gemeenten in deze keuze") && small.text.contains("Het aantal wordt niet getoond"))
            #expect(small.text.contains("data-province=\"flevoland\"><rect x=\"156\" y=\"156\" width=\"150\" height=\"150\" rx=\"6\" fill=\"#ffffff\""),
                    "a province whose figure is hidden is drawn without its colour")
            #expect(small.text.contains("<tr><th scope=\"row\">Flevoland</th><td class=\"numeric\">–</td></tr>"))
            let counts = try await analyst.get("/tienpuntenplan/overzicht.csv")
            let countsText = String(decoding: counts.body.readableBytesView.dropFirst(3), as: UTF8.self)
            #expect(counts.status == .ok && countsText.hasPrefix("punt;niet gestart;") && countsText.contains("1. Regie en aanspreekpunt;340;0;2;0")
                    && !countsText.contains("Almere"))
            let ignored = try await analyst.get("/tienpuntenplan/overzicht?status=ingevoerd&punt=regie")
            #expect(ignored.text.contains("342 gemeenten in dit overzicht."), "the named filters are the unit's")

            var municipality = Browser(client)
            try await municipality.signIn("gina@zoetermeer.example")
            let own = try await municipality.get("/tienpuntenplan/overzicht")
            #expect(own.status == .ok && !own.text.contains("id=\"matrix-kop\"") && own.text.contains("Zuid-Holland"))
        }
    }
}
