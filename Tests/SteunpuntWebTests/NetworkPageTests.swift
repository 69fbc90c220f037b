import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages and API: the network register")
struct NetworkPageTests {
    @Test("the unit adds an entry (every problem at once), finds and reads it, each read audited; everyone else is refused, in the pages and the API; no export")
    func unitOnly() async throws {
        try await TestApp.with { client, database in
            let adviser = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Ahmed Adviseur")
            let official = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent)
            var unit = Browser(client)
            try await unit.signIn("adviseur@ess.example")
            let form = try await unit.get("/netwerken/nieuw")
            #expect(form.status == .ok && form.text.contains("name=\"contactroute\""))
            let refused = try await unit.post("/netwerken", form: [("soort", "organisatie"), ("naam", ""), ("rol", "Moskeebestuur"), ("gemeente", "GM9999"),
                                                                   ("contactroute", "bel de voorzitter"), ("toestemming", "schriftelijk"), ("toestemmingOp", "")])
            #expect(refused.status == .badRequest)
            for field in ["naam-fout", "themas-fout", "contactroute-fout", "toestemmingOp-fout", "gemeente-fout"] { #expect(refused.text.contains(field), "\(field)") }
            let created = try await unit.post("/netwerken", form: [("soort", "organisatie"), ("naam", "Stichting Moskee Al-Fath"), ("rol", "Moskeebestuur"),
                                                                   ("gemeente", "GM0637"), ("themas", NeedCode.networks.rawValue),
                                                                   ("contactroute", "bestuur@alfath.example.nl"), ("toestemming", "schriftelijk"),
                                                                   ("toestemmingOp", "2026-01-15"), ("toelichting", "Open voor contact met de gemeente.")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let path = String(location.prefix { $0 != "?" })
            let shown = try await unit.get(location)
            #expect(shown.text.contains("De vermelding is opgeslagen.") && shown.text.contains("bestuur@alfath.example.nl") && shown.text.contains("Schriftelijk"))
            let list = try await unit.get("/netwerken?gemeente=GM0637&zoek=fath")
            #expect(list.text.contains("Stichting Moskee Al-Fath") && list.text.contains("Zoetermeer"))
            #expect(try await unit.get("/netwerken?gemeente=Zoetermeer").text.contains("gemeente-fout"))
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "network_entry"), page: PageRequest(size: 50))
            #expect(trail.items.filter { $0.event.action == .networkEntryRead }.count == 1 && trail.items.filter { $0.event.action == .networkListRead }.count == 2)
            // An edit saved on top of a newer version is kept as typed and told why (409).
            let edit: [(String, String)] = [("soort", "organisatie"), ("naam", "Stichting Moskee Al-Fath"), ("rol", "Moskeebestuur"),
                                            ("gemeente", "GM0637"), ("themas", NeedCode.networks.rawValue), ("contactroute", "bestuur@alfath.example.nl"),
                                            ("toestemming", "schriftelijk"), ("toestemmingOp", "2026-01-15")]
            _ = try await unit.get(path + "/bewerken")
            #expect(try await unit.post(path, form: edit + [("toelichting", "Eerste wijziging."), ("versie", "1")]).status == .seeOther)
            let stale = try await unit.post(path, form: edit + [("toelichting", "Tweede, op een oude versie."), ("versie", "1")])
            #expect(stale.status == .conflict && stale.text.contains("intussen gewijzigd") && stale.text.contains("Tweede, op een oude versie."))

            for email in ["gina@zoetermeer.example", "desk@nctv.example"] {
                var other = Browser(client)
                try await other.signIn(email)
                for page in ["/netwerken", path, "/netwerken/nieuw", path + "/bewerken"] {
                    let answer = try await other.get(page)
                    #expect(answer.status == .forbidden && !answer.text.contains("Al-Fath"), "\(email) \(page)")
                }
                #expect(!(try await other.get("/dashboard")).text.contains("href=\"/netwerken\""), "not in the navigation")
            }

            // The API: the unit's alone, a page at a time, never as a file.
            let id = String(path.dropFirst("/netwerken/".count))
            let unitRead = try await MeetingAPITests.send(client, database, .get, "/netwerken/\(id)", as: adviser)
            #expect(unitRead.status == .ok && (unitRead.json["vermelding"] as? [String: Any])?["naam"] as? String == "Stichting Moskee Al-Fath")
            for user in [official, desk] {
                #expect(try await MeetingAPITests.send(client, database, .get, "/netwerken", as: user).status == .forbidden)
                #expect(try await MeetingAPITests.send(client, database, .get, "/netwerken/\(id)", as: user).status == .forbidden)
            }
            let csv = try await MeetingAPITests.send(client, database, .get, "/netwerken", as: adviser, headers: [.accept: "text/csv"])
            #expect(csv.status == .notAcceptable, "the register is not exported")
            #expect(csv.headers[.contentType] == "application/problem+json" && csv.json["code"] as? String == "not_acceptable"
                    && (csv.json["title"] as? String)?.hasPrefix("Dit antwoord is alleen als JSON") == true, "a problem in Dutch from the catalogue")
            let page = try await MeetingAPITests.send(client, database, .get, "/netwerken?paginaGrootte=100", as: adviser)
            #expect(page.status == .badRequest, "at most 25 a page")
            let keyFigure = try await MeetingAPITests.send(client, database, .post, "/netwerken", #"{"soort":"sleutelfiguur","naam":"A. Yilmaz","rol":"Voorzitter bewonersvereniging","gemeente":"GM0637","themas":["maatschappelijke-spanning"],"contactroute":"+31 79 123 4567","toestemming":"mondeling","toestemmingOp":"2026-03-01"}"#, as: adviser)
            #expect(keyFigure.status == .created && (keyFigure.json["vermelding"] as? [String: Any])?["teBeoordelen"] as? Bool == false)
            #expect(try await MeetingAPITests.send(client, database, .post, "/netwerken", #"{"soort":"organisatie","naam":"X","rol":"Y","gemeente":"GM0637","themas":["maatschappelijke-spanning"],"contactroute":"x","toestemming":"mondeling","toestemmingOp":"2026-03-01"}"#, as: official).status == .forbidden)
        }
    }
}
