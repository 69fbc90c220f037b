import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: keeping the 10-point plan")
struct PlanAdminPageTests {
    static let point: [(String, String)] = [("fase", "preventie"), ("titel", "Deskundigheid van professionals"),
                                            ("vraagt", "Professionals herkennen signalen en weten wat zij ermee doen; de gemeente houdt bij wie getraind is."),
                                            ("bewijs", "Een trainingsplan en een overzicht van wie getraind is."),
                                            ("behoeften", "training-professionals-sleutelfiguren"), ("aanbod", "")]

    static func read(_ page: TestResponse) throws -> String {
        let text = page.text
        let start = try #require(text.range(of: "name=\"gelezen\" value=\""))
        return String(text[start.upperBound...].prefix { $0 != "\"" })
    }

    @Test("two advisers edit the same point: the second is told what the first saved, keeps what they typed, and saves again over it; another point edited meanwhile stays")
    func sameTimeEdits() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            var first = Browser(client), second = Browser(client)
            try await first.signIn("adviseur@ess.example")
            try await second.signIn("coordinator@ess.example")
            let firstForm = try await first.get("/tienpuntenplan/beheer/punten/deskundigheid")
            let secondForm = try await second.get("/tienpuntenplan/beheer/punten/deskundigheid")
            let otherForm = try await second.get("/tienpuntenplan/beheer/punten/regie")
            let (firstRead, secondRead, otherRead) = (try Self.read(firstForm), try Self.read(secondForm), try Self.read(otherForm))
            #expect(!firstRead.isEmpty && firstRead == secondRead && firstRead != otherRead)

            let saved = try await first.post("/tienpuntenplan/beheer/punten/deskundigheid", form: Self.point.filter { $0.0 != "titel" }
                                             + [("titel", "Deskundigheid in de wijk"), ("versie", "1"), ("gelezen", firstRead)])
            #expect(saved.status == .seeOther)
            // Regie, read before the draft existed, saved on version 2 as the page now says: another point, it lands.
            let other = try await second.post("/tienpuntenplan/beheer/punten/regie", form: Self.point.filter { $0.0 != "titel" }
                                              + [("titel", "Regie en aanspreekpunt in de gemeente"), ("versie", "2"), ("gelezen", otherRead)])
            #expect(other.status == .seeOther)

            let refused = try await second.post("/tienpuntenplan/beheer/punten/deskundigheid", form: Self.point.filter { $0.0 != "titel" }
                                                + [("titel", "Deskundigheid van alle professionals"), ("versie", "2"), ("gelezen", secondRead)])
            #expect(refused.status == .conflict && refused.text.contains("Iemand anders heeft dit deel van het plan gewijzigd"))
            #expect(refused.text.contains("Wat er nu in het concept staat") && refused.text.contains("<dd>Deskundigheid in de wijk</dd>"))
            #expect(refused.text.contains("value=\"Deskundigheid van alle professionals\""), "what was typed is kept")
            let again = try Self.read(refused)
            #expect(again != secondRead, "the form now reads what stands there")
            let merged = try await second.post("/tienpuntenplan/beheer/punten/deskundigheid", form: Self.point.filter { $0.0 != "titel" }
                                               + [("titel", "Deskundigheid van alle professionals"), ("versie", "2"), ("gelezen", again)])
            #expect(merged.status == .seeOther)
            let draft = try #require(try await PlanStore(database: database).version(2)).plan
            #expect(draft.point("deskundigheid")?.title == "Deskundigheid van alle professionals" && draft.point("regie")?.title == "Regie en aanspreekpunt in de gemeente")

            // The title and introduction alike.
            let header = try await first.get("/tienpuntenplan/beheer/plan")
            let headerRead = try Self.read(header)
            #expect(try await second.post("/tienpuntenplan/beheer/plan", form: [("titel", "Het plan"), ("inleiding", draft.introduction), ("versie", "2"),
                                                                              ("gelezen", headerRead)]).status == .seeOther)
            let late = try await first.post("/tienpuntenplan/beheer/plan", form: [("titel", "Ons plan"), ("inleiding", draft.introduction), ("versie", "2"),
                                                                                ("gelezen", headerRead)])
            #expect(late.status == .conflict && late.text.contains("<dd>Het plan</dd>") && late.text.contains("value=\"Ons plan\""))
        }
    }

    @Test("the unit edits the draft point by point (every problem at once, typed values kept; a stale form 409), the published plan stays until the coordinator publishes; then changed points are to be reviewed")
    func unitKeepsThePlan() async throws {
        try await TestApp.with { client, database in
            _ = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            _ = try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor)
            _ = try await TestApp.user(database, email: "coordinator@ess.example", organisation: "szw-ess", role: .unitCoordinator)
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            #expect(try await official.get("/tienpuntenplan/beheer").status == .notFound, "the drafts are the unit's")
            #expect(try await official.get("/tienpuntenplan/beheer/punten/regie").status == .notFound)
            _ = try await official.get("/tienpuntenplan/GM0637/deskundigheid")
            #expect(try await official.post("/tienpuntenplan/GM0637/deskundigheid", form: [("status", "in-voorbereiding"), ("sinds", "2026-10-01"), ("versie", "0")]).status == .seeOther)

            var advisor = Browser(client)
            try await advisor.signIn("adviseur@ess.example")
            let page = try await advisor.get("/tienpuntenplan/beheer")
            #expect(page.status == .ok && page.text.contains("Versie 1 (gepubliceerd)") && page.text.contains("Er is geen concept"))
            #expect(page.text.contains("href=\"/tienpuntenplan/beheer/punten/deskundigheid\"") && !page.text.contains("href=\"/tienpuntenplan/beheer/publicatie\""))

            let form = try await advisor.get("/tienpuntenplan/beheer/punten/deskundigheid")
            #expect(form.status == .ok && form.text.contains("value=\"Deskundigheid van professionals\"") && form.text.contains("name=\"versie\" value=\"1\""))
            let refused = try await advisor.post("/tienpuntenplan/beheer/punten/deskundigheid", form: [
                ("fase", "preventie"), ("titel", ""), ("vraagt", "Getypt en bewaard"), ("bewijs", "Bel 123456782"), ("aanbod", "Geen Adres!"), ("versie", "1")])
            #expect(refused.status == .badRequest)
            for field in ["titel-fout", "bewijs-fout", "behoeften-fout", "aanbod-fout"] { #expect(refused.text.contains(field), "\(field)") }
            #expect(refused.text.contains("Getypt en bewaard") && refused.text.contains("Geen Adres!"), "what was typed is kept")
            let noPhase = try await advisor.post("/tienpuntenplan/beheer/punten/deskundigheid", form: [("titel", ""), ("vraagt", "x"), ("bewijs", "x"), ("versie", "1")])
            #expect(noPhase.status == .badRequest && noPhase.text.contains("fase-fout") && noPhase.text.contains("titel-fout") && noPhase.text.contains("behoeften-fout"),
                    "no phase chosen: that and every other problem")

            let saved = try await advisor.post("/tienpuntenplan/beheer/punten/deskundigheid", form: Self.point + [("versie", "1")])
            #expect(saved.status == .seeOther && saved.headers[.location] == "/tienpuntenplan/beheer?gedaan=opgeslagen#punt-deskundigheid")
            let store = PlanStore(database: database)
            let versions = try await store.versions().map(\.version), publishedVersion = try await store.published()?.version
            #expect(versions == [2, 1] && publishedVersion == 1, "a draft beside the published version")
            let stale = try await advisor.post("/tienpuntenplan/beheer/punten/regie", form: Self.point.filter { $0.0 != "titel" } + [("titel", "Op een oude versie"), ("versie", "1")])
            #expect(stale.status == .conflict && stale.text.contains("intussen gewijzigd") && stale.text.contains("Op een oude versie"))

            let added = try await advisor.post("/tienpuntenplan/beheer/punten/nieuw", form: Self.point.filter { $0.0 != "titel" } + [("sleutel", "online"), ("titel", "Online signalen"), ("versie", "2")])
            #expect(added.status == .seeOther)
            let duplicate = try await advisor.post("/tienpuntenplan/beheer/punten/nieuw", form: Self.point + [("sleutel", "regie"), ("versie", "2")])
            #expect(duplicate.status == .badRequest && duplicate.text.contains("sleutel-fout"))
            for _ in 1...2 { #expect(try await advisor.post("/tienpuntenplan/beheer/punten/online/omhoog", form: [("versie", "2")]).status == .seeOther) }
            #expect(try await advisor.post("/tienpuntenplan/beheer/punten/nazorg-en-evaluatie/verwijderen", form: [("versie", "2")]).status == .seeOther)
            #expect(try await advisor.post("/tienpuntenplan/beheer/plan", form: [("titel", ""), ("inleiding", "x"), ("versie", "2")]).status == .badRequest)

            let draft = try #require(try await store.version(2))
            #expect(draft.status == .draft && draft.plan.points.map(\.key).suffix(2) == ["online", "spanningen-en-incidenten"], "moved up twice, the last point gone")
            #expect(draft.plan.points.map(\.number) == Array(1...10), "numbered in order")
            let changed = try await advisor.get("/tienpuntenplan/beheer")
            #expect(changed.text.contains("Versie 2 (concept)") && changed.text.contains("plan-change-gewijzigd") && changed.text.contains("plan-change-nieuw"))
            #expect(changed.text.contains("Nazorg, re-integratie en evaluatie"), "the removed point is named")
            let municipalView = try await official.get("/tienpuntenplan")
            #expect(!municipalView.text.contains("Online signalen"), "municipalities work with the published version until publication")

            let review = try await advisor.get("/tienpuntenplan/beheer/publicatie")
            #expect(review.status == .ok && review.text.contains("De coördinator van de expertise-unit publiceert") && !review.text.contains(">Publiceren</button>"))
            #expect(try await advisor.post("/tienpuntenplan/beheer/publicatie", form: [("versie", "2")]).status == .forbidden)

            var coordinator = Browser(client)
            try await coordinator.signIn("coordinator@ess.example")
            let toPublish = try await coordinator.get("/tienpuntenplan/beheer/publicatie")
            #expect(toPublish.text.contains(">Publiceren</button>") && toPublish.text.contains("Aantal punten dat gemeenten opnieuw bekijken: 1."))
            let published = try await coordinator.post("/tienpuntenplan/beheer/publicatie", form: [("versie", "2")])
            #expect(published.status == .seeOther && published.headers[.location] == "/tienpuntenplan/beheer?gedaan=gepubliceerd")
            let again = try await coordinator.post("/tienpuntenplan/beheer/publicatie", form: [("versie", "2")])
            #expect(again.status == .conflict && again.text.contains("al gepubliceerd"), "published once")
            let after = try await coordinator.get("/tienpuntenplan/beheer?gedaan=gepubliceerd")
            #expect(after.text.contains("Het concept is gepubliceerd") && after.text.contains("Versie 2 (gepubliceerd)"))

            let point = try await official.get("/tienpuntenplan/GM0637/deskundigheid")
            #expect(point.text.contains("Opnieuw bekijken.") && point.text.contains("de gemeente houdt bij wie getraind is"), "the changed point is the municipality's to review")
            #expect(try await official.get("/tienpuntenplan").text.contains("Online signalen"))
        }
    }
}
