import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: meetings")
struct MeetingPageTests {
    @Test("an organiser publishes with every problem shown at once; people register, the second waits; a cancelled place is offered and taken; without script")
    func flow() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent, name: "Dirk Desk")
            try await TestApp.user(database, email: "anna@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            try await TestApp.user(database, email: "eva@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            var desk = Browser(client)
            try await desk.signIn("desk@nctv.example")
            let form = try await desk.get("/bijeenkomsten/nieuw")
            #expect(form.status == .ok && form.text.contains("name=\"begin-datum\"") && form.text.contains("type=\"time\""))
            let refused = try await desk.post("/bijeenkomsten", form: [("soort", "regionale-kennisbijeenkomst"), ("titel", ""), ("organisator", "nctv"),
                                                                       ("begin-datum", "2027-03-28"), ("begin-tijd", "02:30"), ("capaciteit", "nul"),
                                                                       ("zichtbaarheid", "ingelogd"), ("status", "open")])
            #expect(refused.status == .badRequest)
            for message in ["Titel", "bestaat niet: op die dag gaat de klok", "Vul een locatie of een onlinelink in", "Aantal plaatsen"] {
                #expect(refused.text.contains(message), "\(message)")
            }
            #expect(refused.text.contains("value=\"2027-03-28\""), "what was typed is kept")

            let start = Date().addingTimeInterval(20 * 86_400)
            let day = String(AmsterdamTime.local(start).prefix(10))
            let created = try await desk.post("/bijeenkomsten", form: [
                ("soort", "regionale-kennisbijeenkomst"), ("titel", "Kennisbijeenkomst Oost"), ("beschrijving", "Over **polarisatie**."), ("organisator", "nctv"),
                ("locatie", "Stadhuis Arnhem"), ("onlineLink", "https://meet.example.nl/oost"), ("begin-datum", day), ("begin-tijd", "13:00"),
                ("einde-datum", day), ("einde-tijd", "17:00"), ("capaciteit", "1"), ("provincies", "Gelderland"), ("zichtbaarheid", "ingelogd"), ("status", "open"),
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location])
            let path = String(location.prefix { $0 != "?" })
            let shown = try await desk.get(location)
            #expect(shown.text.contains("De bijeenkomst is opgeslagen.") && shown.text.contains("<strong>polarisatie</strong>") && shown.text.contains("13.00–17.00"))

            var anna = Browser(client)
            try await anna.signIn("anna@arnhem.example")
            let list = try await anna.get("/bijeenkomsten")
            #expect(list.text.contains("Kennisbijeenkomst Oost") && list.text.contains("0 van 1 plaatsen bezet"))
            let page = try await anna.get(path)
            #expect(!page.text.contains("meet.example.nl"), "the link is for people with a place")
            let registered = try await anna.post(path + "/inschrijving", form: [("behoeften", "Vegetarisch")])
            #expect(registered.headers[.location] == path + "?gedaan=ingeschreven")
            let mine = try await anna.get(path)
            #expect(mine.text.contains("uw plaats is bevestigd") && mine.text.contains("https://meet.example.nl/oost"))

            var eva = Browser(client)
            try await eva.signIn("eva@ede.example")
            _ = try await eva.get(path)
            let guarded = try await eva.post(path + "/inschrijving", form: [("behoeften", "BSN 111222333")])
            #expect(guarded.status == .badRequest, "\(guarded.status) \(guarded.text.prefix(300))")
            #expect(try await eva.post(path + "/inschrijving", form: []).headers[.location] == path + "?gedaan=wachtlijst")
            #expect(try await eva.get(path).text.contains("op plaats 1"))
            let again = try await eva.post(path + "/inschrijving", form: [])
            #expect(again.status == .conflict && again.text.contains("U bent al ingeschreven"))

            let registration = try #require(mine.text.firstMatch(of: /name="inschrijving" value="([0-9a-f-]{36})"/)?.output.1)
            #expect(try await eva.post(path + "/annulering", form: [("inschrijving", String(registration))]).status == .notFound, "not hers")
            #expect(try await anna.post(path + "/annulering", form: [("inschrijving", String(registration))]).headers[.location] == path + "?gedaan=geannuleerd")
            let offered = try await eva.get(path)
            #expect(offered.text.contains("Er is een plaats voor u vrijgekomen") && offered.text.contains("Plaats aannemen"))
            let offer = try #require(offered.text.firstMatch(of: /name="inschrijving" value="([0-9a-f-]{36})"/)?.output.1)
            #expect(try await eva.post(path + "/aanbod", form: [("inschrijving", String(offer)), ("antwoord", "aannemen")]).headers[.location]
                    == path + "?gedaan=aangenomen")
            // Her notices name the meeting by its day, as dates are read, and lead to it.
            let notices = try await eva.get("/meldingen")
            #expect(notices.text.contains("Er is een plaats voor u vrijgekomen") && notices.text.contains(DateText.shown(start, language: "nl")))
            #expect(!notices.text.contains(day), "not the ISO day")

            #expect(try await anna.get(path + "/inschrijvingen").status == .forbidden)
            let registrations = try await desk.get(path + "/inschrijvingen")
            #expect(registrations.text.contains("Anna Arnhem") && registrations.text.contains("Eva Ede") && registrations.text.contains("Vegetarisch"))
            #expect(registrations.text.contains("Geannuleerd") && registrations.text.contains("Bevestigd"))
            var visitor = Browser(client)
            #expect(try await visitor.get(path).status == .notFound, "visitors see public meetings only")
        }
    }
}
