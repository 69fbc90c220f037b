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

    @Test("after the meeting: the check-in list marks who came in one form without script and prints on A4; the report links materials; attendees give feedback once; organisers see the figures")
    func followUp() async throws {
        let clock = TestClock(try AmsterdamTime.parse("2027-03-01T09:00").get())
        try await TestApp.with(clock: clock) { client, database in
            let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent, name: "Dirk Desk")
            try await TestApp.user(database, email: "anna@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            try await TestApp.user(database, email: "eva@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            var organiser = Browser(client)
            try await organiser.signIn("desk@nctv.example")
            _ = try await organiser.get("/bijeenkomsten/nieuw")
            let created = try await organiser.post("/bijeenkomsten", form: [
                ("soort", "regionale-kennisbijeenkomst"), ("titel", "Kennisbijeenkomst Oost"), ("organisator", "nctv"), ("locatie", "Stadhuis Arnhem"),
                ("begin-datum", "2027-03-30"), ("begin-tijd", "13:00"), ("einde-datum", "2027-03-30"), ("einde-tijd", "17:00"), ("capaciteit", "5"),
                ("provincies", "Gelderland"), ("zichtbaarheid", "ingelogd"), ("status", "open"),
            ])
            let path = String(try #require(created.headers[.location]).prefix { $0 != "?" })
            var anna = Browser(client), eva = Browser(client)
            try await anna.signIn("anna@arnhem.example")
            try await eva.signIn("eva@ede.example")
            for browser in [anna, eva] {
                var person = browser
                _ = try await person.get(path)
                #expect(try await person.post(path + "/inschrijving", form: []).status == .seeOther)
            }
            let early = try await organiser.get(path + "/aanwezigheid")
            #expect(early.status == .ok && early.text.contains("vanaf de dag voor de bijeenkomst") && !early.text.contains("type=\"radio\""))
            #expect(early.text.contains("Anna Arnhem") && early.text.contains("Eva Ede"), "who is coming")

            // Weeks later sessions have ended: everyone signs in again.
            clock.advance(by: try AmsterdamTime.parse("2027-03-30T12:30").get().timeIntervalSince(clock.now))
            try await organiser.signIn("desk@nctv.example")
            try await anna.signIn("anna@arnhem.example")
            try await eva.signIn("eva@ede.example")
            let list = try await organiser.get(path + "/aanwezigheid")
            let fields = list.text.matches(of: /name="(aanwezigheid-[0-9a-f-]{36})" value="aanwezig"/).map { String($0.output.1) }
            #expect(fields.count == 2)
            #expect(list.text.contains("<legend class=\"visually-hidden\">Aanwezigheid: Anna Arnhem</legend>"), "each row's choice names its person")
            #expect(try await anna.get(path + "/aanwezigheid").status == .forbidden)
            let annaField = try #require(list.text.firstMatch(of: /Anna Arnhem<\/th>.*?name="(aanwezigheid-[0-9a-f-]{36})"/)?.output.1)
            let evaField = try #require(fields.first { $0 != String(annaField) })
            let marked = try await organiser.post(path + "/aanwezigheid", form: [(String(annaField), "aanwezig"), (evaField, "afwezig")])
            #expect(marked.headers[.location] == path + "/aanwezigheid?gedaan=aanwezigheid")
            let after = try await organiser.get(path + "/aanwezigheid?gedaan=aanwezigheid")
            #expect(after.text.contains("De aanwezigheid is opgeslagen.") && after.text.contains("<dt>Aanwezig</dt><dd>1</dd>"))
            #expect(after.text.contains("<dt>Gemeenten bereikt</dt><dd>1</dd>"))
            let same = try await organiser.post(path + "/aanwezigheid", form: [(String(annaField), "aanwezig"), (evaField, "afwezig")])
            #expect(same.headers[.location] == path + "/aanwezigheid?gedaan=ongewijzigd", "nothing changed, nothing written")
            let printed = try await organiser.get(path + "/aanwezigheid/afdruk")
            #expect(printed.status == .ok && printed.text.contains("Presentielijst") && printed.text.contains("Paraaf") && !printed.text.contains("type=\"radio\""))
            let marks = try await AuditStore(database: database).search(AuditFilter(action: .attendanceMarked), page: PageRequest())
            #expect(marks.items.count == 2)

            // The report with a material from the toolbox; a personal identifier is refused with what was typed kept.
            let valid = try OfferingDraft(kind: OfferingKind.guide.rawValue, title: "Handreiking polarisatie", summary: "Samenvatting", audiences: ["gemeenten"],
                                          needs: [], provider: "szw-ess", status: OfferingStatus.available.rawValue, expectedOn: "",
                                          visibility: Visibility.publicAccess.rawValue).validated(knownNeeds: [])
            let guide = try await OfferingStore(database: database).create(valid, id: UUID(), by: desk.id, at: clock.now)
            let form = try await organiser.get(path + "/verslag")
            #expect(form.text.contains("Handreiking polarisatie") && form.text.contains("value=\"\(guide.id.lowercasedText)\""))
            let refused = try await organiser.post(path + "/verslag", form: [("verslag", "Met dank aan BSN 111222333"), ("materialen", guide.id.lowercasedText)])
            #expect(refused.status == .badRequest && refused.text.contains("href=\"#verslag\"") && refused.text.contains("Met dank aan BSN 111222333"))
            #expect(refused.text.contains("checked"), "the chosen material stays chosen")
            let saved = try await organiser.post(path + "/verslag", form: [("verslag", "We spraken over **signalen**."), ("materialen", guide.id.lowercasedText)])
            #expect(saved.headers[.location] == path + "?gedaan=verslag")
            let shown = try await anna.get(path)
            #expect(shown.text.contains("<strong>signalen</strong>") && shown.text.contains("href=\"/aanbod/\(guide.slug.rawValue)\""))
            #expect(!shown.text.contains("Feedback versturen"), "not before the end")

            // Feedback after the end: once, by who came; the organisers see it counted, without names.
            clock.advance(by: 5 * 3600)
            try await organiser.signIn("desk@nctv.example")
            try await anna.signIn("anna@arnhem.example")
            try await eva.signIn("eva@ede.example")
            let ended = try await anna.get(path)
            #expect(ended.text.contains("Feedback versturen") && ended.text.contains("<legend>Waardering</legend>"))
            let missing = try await anna.post(path + "/feedback", form: [("toelichting", "Nuttig")])
            #expect(missing.status == .badRequest && missing.text.contains("href=\"#waardering\"") && missing.text.contains(">Nuttig</textarea>"))
            #expect(try await anna.post(path + "/feedback", form: [("waardering", "5"), ("toelichting", "Heel nuttig")]).headers[.location] == path + "?gedaan=feedback")
            let again = try await anna.post(path + "/feedback", form: [("waardering", "1")])
            #expect(again.status == .conflict && again.text.contains("U hebt al feedback gegeven"))
            #expect(try await !eva.get(path).text.contains("Feedback versturen"), "marked absent")
            let counted = try await organiser.get(path)
            #expect(counted.text.contains("1 keer feedback, gemiddeld 5,0 van 5.") && counted.text.contains("Heel nuttig") && counted.text.contains("<h2 id=\"opkomst-kop\">"))
            // Held, it moves from the meetings to come to the past ones, with its report.
            #expect(try await !anna.get("/bijeenkomsten").text.contains("Kennisbijeenkomst Oost"))
            let past = try await anna.get("/bijeenkomsten?periode=afgelopen")
            #expect(past.text.contains("Kennisbijeenkomst Oost") && past.text.contains("aria-current=\"page\">Afgelopen"))

            // The unit's turnout per municipality for the year, and its figure on the dashboard; not for others.
            try await TestApp.user(database, email: "adviseur@ess.example", organisation: "szw-ess", role: .unitAdvisor, name: "Ahmed Adviseur")
            var advisor = Browser(client)
            try await advisor.signIn("adviseur@ess.example")
            let turnout = try await advisor.get("/bijeenkomsten/opkomst?jaar=2027")
            #expect(turnout.status == .ok && turnout.text.contains("<a href=\"/gemeenten/GM0202\">Arnhem</a></th><td>1</td><td>1</td>"))
            #expect(try await advisor.get("/bijeenkomsten/opkomst?jaar=2026").text.contains("In dit jaar is bij geen bijeenkomst"))
            #expect(try await anna.get("/bijeenkomsten/opkomst").status == .forbidden)
            let dashboard = try await advisor.get("/dashboard")
            #expect(dashboard.text.contains("Gemeenten bereikt met bijeenkomsten dit jaar") && dashboard.text.contains("/bijeenkomsten/opkomst"))
        }
    }

    @Test("one's own calendar feed: a secret address shown once, the meetings one has a place at with the online link, remade and revoked; audited")
    func personalFeed() async throws {
        try await TestApp.with { client, database in
            let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent, name: "Dirk Desk")
            let anna = try await TestApp.user(database, email: "anna@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            let meetings = MeetingStore(database: database)
            let start = Date().addingTimeInterval(10 * 86_400)
            let valid = try MeetingDraft(kind: "webinar", title: "Webinar vroegsignalering", organiser: "nctv", onlineLink: "https://meet.example.nl/w",
                                         startsAt: AmsterdamTime.local(start), endsAt: AmsterdamTime.local(start.addingTimeInterval(3600)), capacity: "10",
                                         status: "open").validated()
            let meeting = try await meetings.create(valid, id: UUID(), by: desk.id, at: Date())
            let other = try await meetings.create(valid, id: UUID(), by: desk.id, at: Date())
            _ = try await meetings.register(for: meeting.id, person: anna.id, organisation: anna.organisation, needs: "", id: UUID(), at: Date(), check: { _, _ in })

            var browser = Browser(client)
            try await browser.signIn("anna@arnhem.example")
            let page = try await browser.get("/mijn-account/agenda")
            #expect(page.status == .ok && page.text.contains("Geheim adres maken"))
            let made = try await browser.post("/mijn-account/agenda", form: [])
            let address = try #require(made.text.firstMatch(of: /\/api\/v1\/agenda\/(spa_[A-Za-z0-9_-]{43})/)?.output.0)
            #expect(made.text.contains("maar één keer getoond"))
            #expect(try await !browser.get("/mijn-account/agenda").text.contains(String(address)), "shown once")
            func feed(_ path: Substring) async throws -> (status: HTTPResponse.Status, text: String) {
                let response = try await client.executeRequest(uri: String(path), method: .get, headers: [:], body: nil)
                return (response.status, String(buffer: response.body))
            }
            let calendar = try await feed(address)
            #expect(calendar.status == .ok && calendar.text.contains("UID:\(meeting.id.lowercasedText)@steunpunt"))
            #expect(calendar.text.replacingOccurrences(of: "\r\n ", with: "").contains("Online: https://meet.example.nl/w"), "her place: her link")
            #expect(!calendar.text.contains(other.id.lowercasedText), "only the meetings she has a place at")

            let remade = try await browser.post("/mijn-account/agenda", form: [])
            let second = try #require(remade.text.firstMatch(of: /\/api\/v1\/agenda\/(spa_[A-Za-z0-9_-]{43})/)?.output.0)
            let (old, new) = (try await feed(address).status, try await feed(second).status)
            #expect(old == .notFound && new == .ok, "a new address ends the old")
            #expect(try await browser.post("/mijn-account/agenda/intrekken", form: []).headers[.location] == "/mijn-account/agenda?gedaan=ingetrokken")
            #expect(try await feed(second).status == .notFound)
            #expect(try await feed("/api/v1/agenda/spa_" + String(repeating: "a", count: 43)).status == .notFound)
            let trail = try await AuditStore(database: database).search(AuditFilter(actor: anna.id), page: PageRequest())
            #expect(trail.items.filter { $0.event.action == .calendarFeedIssued }.count == 2 && trail.items.contains { $0.event.action == .calendarFeedRevoked })
        }
    }

    @Test("colleagues register together from the form and wait together; the organiser puts someone first with a reason, kept in the history")
    func groupsAndPriority() async throws {
        try await TestApp.with { client, database in
            let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent, name: "Dirk Desk")
            try await TestApp.user(database, email: "anna@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
            try await TestApp.user(database, email: "bart@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Bart Arnhem")
            let eva = try await TestApp.user(database, email: "eva@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
            let start = Date().addingTimeInterval(10 * 86_400)
            let valid = try MeetingDraft(kind: "training", title: "Training signalen", organiser: "nctv", venue: "Arnhem", startsAt: AmsterdamTime.local(start),
                                         endsAt: AmsterdamTime.local(start.addingTimeInterval(3600)), capacity: "1", status: "open").validated()
            let meeting = try await MeetingStore(database: database).create(valid, id: UUID(), by: desk.id, at: Date())
            _ = try await MeetingStore(database: database).register(for: meeting.id, person: eva.id, organisation: eva.organisation, needs: "", id: UUID(),
                                                                    at: Date(), check: { _, _ in })
            let path = "/bijeenkomsten/\(meeting.id.lowercasedText)"
            var anna = Browser(client)
            try await anna.signIn("anna@arnhem.example")
            let page = try await anna.get(path)
            #expect(page.text.contains("id=\"collegas\""))
            let unknown = try await anna.post(path + "/inschrijving", form: [("collegas", "eva@ede.example")])
            #expect(unknown.status == .badRequest && unknown.text.contains("href=\"#collegas\"") && unknown.text.contains("value=\"eva@ede.example\""))
            let together = try await anna.post(path + "/inschrijving", form: [("collegas", "Bart@Arnhem.example; ")])
            #expect(together.headers[.location] == path + "?gedaan=wachtlijst")

            var organiser = Browser(client)
            try await organiser.signIn("desk@nctv.example")
            let list = try await organiser.get(path + "/inschrijvingen")
            #expect(list.text.contains("Wachtlijst (groep van 2)") && list.text.contains("Vooraan zetten"))
            let annaOption = try #require(list.text.firstMatch(of: /<option value="([0-9a-f-]{36})">2\. Anna Arnhem/)?.output.1)
            let missing = try await organiser.post(path + "/voorrang", form: [("inschrijving", String(annaOption)), ("reden", "")])
            #expect(missing.status == .badRequest && missing.text.contains("href=\"#reden\""))
            let moved = try await organiser.post(path + "/voorrang", form: [("inschrijving", String(annaOption)), ("reden", "Eerste keer voor Arnhem")])
            #expect(moved.headers[.location] == path + "/inschrijvingen?gedaan=voorrang")
            let history = try await MeetingStore(database: database).history(of: try #require(UUID(text: String(annaOption))))
            #expect(history.last?.reason == "priority: Eerste keer voor Arnhem" && history.last?.actor == desk.id)
            let trail = try await AuditStore(database: database).search(AuditFilter(action: .registrationPrioritised), page: PageRequest())
            #expect(trail.items.count == 1)
        }
    }
}
