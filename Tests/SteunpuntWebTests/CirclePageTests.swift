import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: learning circles")
struct CirclePageTests {
    @Test("the unit creates a circle (every problem at once) and invites; a municipality asks with a motivation, is admitted, writes in the space; outsiders are refused; without script")
    func flow() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Ahmed Adviseur")
            try await TestApp.user(database, email: "eva@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            try await TestApp.user(database, email: "anna@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent, name: "Dirk Desk")
            var unit = Browser(client)
            try await unit.signIn("adviseur@ess.example")
            let refused = try await unit.post("/leerkringen", form: [("titel", ""), ("beschrijving", "BSN 111222333"), ("status", "actief")])
            #expect(refused.status == .badRequest)
            for message in ["Vul een titel in", "burgerservicenummer", "Behoeften"] { #expect(refused.text.contains(message), "\(message)") }
            let created = try await unit.post("/leerkringen", form: [("titel", "Leerkring spanningen in de wijk"), ("beschrijving", "Zes gemeenten **leren** van elkaar."),
                                                                     ("behoeften", NeedCode.socialTension.rawValue), ("status", "actief")])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let path = String(location.prefix { $0 != "?" })
            let shown = try await unit.get(location)
            #expect(shown.text.contains("De leerkring is opgeslagen.") && shown.text.contains("<strong>leren</strong>") && shown.text.contains("Sessie plannen"))

            // A municipality asks to join; the motivation is guarded.
            var eva = Browser(client)
            try await eva.signIn("eva@ede.example")
            #expect(try await eva.get("/leerkringen").text.contains("Leerkring spanningen in de wijk"))
            #expect(try await eva.get(path + "/ruimte").status == .forbidden, "not a member yet")
            let guarded = try await eva.post(path + "/deelname", form: [("motivatie", "Casus met BSN 111222333")])
            #expect(guarded.status == .badRequest && guarded.text.contains("motivatie-fout"))
            #expect(try await eva.post(path + "/deelname", form: [("motivatie", "Spanningen in twee wijken.")]).headers[.location] == path + "?gedaan=aangevraagd")
            #expect(try await eva.get(path).text.contains("Uw gemeente heeft deelname aangevraagd"))
            let evaWork = try await eva.get("/dashboard")
            #expect(evaWork.text.contains("Leerkring spanningen in de wijk") && evaWork.text.contains("Deelname aangevraagd"), "her workspace shows it")
            #expect(try await unit.get("/dashboard").text.contains("Aanvragen voor leerkringen die op uw besluit wachten: 1"))
            let twice = try await eva.post(path + "/deelname", form: [])
            #expect(twice.status == .conflict && twice.text.contains("al gevraagd"))

            // The unit decides: refusing needs a reason; admitting tells the municipality.
            let requests = try await unit.get(path)
            #expect(requests.text.contains("Spanningen in twee wijken.") && requests.text.contains("value=\"GM0228\""))
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .circleSpaceRead), page: PageRequest())
            #expect(!reads.items.isEmpty, "the unit reading who asked, and why, is audited")
            let noReason = try await unit.post(path + "/besluit", form: [("organisatie", "GM0228"), ("besluit", "afwijzen")])
            #expect(noReason.status == .badRequest && noReason.text.contains("reden-fout"))
            let nothingChosen = try await unit.post(path + "/besluit", form: [("besluit", "toelaten")])
            #expect(nothingChosen.status == .badRequest && nothingChosen.text.contains("organisatie-fout"))
            #expect(try await unit.post(path + "/besluit", form: [("organisatie", "GM0228"), ("besluit", "toelaten")]).headers[.location] == path + "?gedaan=toelaten")
            #expect(try await eva.get("/meldingen").text.contains("Er is besloten over deelname aan een leerkring"))

            // The member's space: notes guarded, read by members and the unit only.
            let space = try await eva.get(path + "/ruimte")
            #expect(space.status == .ok && space.text.contains("<td>Ede") && space.text.contains("Deelnemende gemeenten"))
            let badNote = try await eva.post(path + "/aantekeningen", form: [("soort", "geleerde-les"), ("tekst", "BSN 111222333")])
            #expect(badNote.status == .badRequest && badNote.text.contains("tekst-fout"))
            #expect(try await eva.post(path + "/aantekeningen", form: [("soort", "geleerde-les"), ("tekst", "Begin bij de sleutelfiguren.")]).status == .seeOther)
            #expect(try await unit.get(path + "/ruimte").text.contains("Begin bij de sleutelfiguren."))
            var anna = Browser(client)
            try await anna.signIn("anna@arnhem.example")
            let outside = try await anna.get(path + "/ruimte")
            #expect(outside.status == .forbidden && !outside.text.contains("sleutelfiguren"))
            #expect(try await anna.post(path + "/aantekeningen", form: [("soort", "aantekening"), ("tekst", "Hallo")]).status == .forbidden)
            var desk = Browser(client)
            try await desk.signIn("desk@nctv.example")
            #expect(try await desk.get(path + "/ruimte").status == .forbidden)
            #expect(try await desk.get("/leerkringen/nieuw").status == .forbidden)

            // The unit invites Arnhem, which accepts; a session is planned from the circle.
            #expect(try await unit.post(path + "/uitnodigingen", form: [("uitnodigen", "GM0202")]).headers[.location] == path + "?gedaan=uitgenodigd")
            let invitation = try await anna.get(path)
            #expect(invitation.text.contains("Uitnodiging aannemen"))
            #expect(try await anna.post(path + "/besluit", form: [("organisatie", "GM0202"), ("besluit", "accepteren")]).headers[.location] == path + "?gedaan=accepteren")
            #expect(try await anna.get(path + "/ruimte").status == .ok)
            let id = String(path.dropFirst("/leerkringen/".count))
            let plan = try await unit.get("/bijeenkomsten/nieuw?leerkring=\(id)")
            #expect(plan.text.contains("value=\"leerkring-sessie\" selected") && plan.text.contains("selected>Leerkring spanningen in de wijk"))
            #expect(try await unit.get(path + "/resultaten").status == .ok)
        }
    }
}
