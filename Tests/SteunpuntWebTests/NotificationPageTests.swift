import Foundation
import HTTPTypes
import HummingbirdTesting
import SteunpuntApp
import SteunpuntDomain
import SteunpuntMail
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Pages: notifications")
struct NotificationPageTests {
    @Test("the header counts what is unread; Meldingen lists it; opening one reads it and leads to the request; only one's own")
    func page() async throws {
        try await TestApp.with { client, database in
            try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
            try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent, name: "Lotte Loket")
            var official = Browser(client)
            try await official.signIn("gina@zoetermeer.example")
            _ = try await official.get("/hulpvragen/nieuw")
            let filed = try await official.post("/hulpvragen", form: [("titel", "Netwerk sleutelfiguren"), ("omschrijving", "Wij zoeken contact."),
                                                                      ("behoeften", "informatievraag"), ("kanaal", "vng-loket")])
            let id = try RequestPageTests.id(from: filed.headers[.location])
            #expect(try await official.get("/meldingen").text.contains("U hebt nog geen meldingen"))

            var desk = Browser(client)
            try await desk.signIn("lotte@vng.example")
            let dashboard = try await desk.get("/dashboard")
            #expect(dashboard.text.contains(">Meldingen (1 nieuw)</a>"), "the header counts the unread")
            let list = try await desk.get("/meldingen")
            #expect(list.status == .ok && list.text.contains("Netwerk sleutelfiguren") && list.text.contains("Ingediend bij uw organisatie"))
            #expect(!list.text.contains("Wij zoeken contact."), "a notification never carries the request's contents")
            let link = try #require(list.text.firstMatch(of: /href="(\/meldingen\/[0-9a-f-]{36})"/)?.output.1)
            #expect(try await official.get(String(link)).status == .notFound, "someone else's notification is nobody's business")
            let opened = try await desk.get(String(link))
            #expect(opened.status == .seeOther && opened.headers[.location] == "/hulpvragen/\(id)")
            #expect(try await desk.get("/dashboard").text.contains(">Meldingen</a>"), "read, so no count")
            #expect(try await desk.post("/meldingen/gelezen", form: []).headers[.location] == "/meldingen?gelezen=1")
        }
    }

    @Test("preferences: only one's own kinds, every problem at the field; the mail (real SMTP peer) names number, title and link, in the chosen language, with List-Unsubscribe")
    func mailByPreference() async throws {
        try await SMTPSink.with { sink in
            let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test"]
            try await TestApp.with(environment: variables) { client, database in
                try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
                try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent, name: "Lotte Loket")
                try await TestApp.user(database, email: "lars@vng.example", organisation: "vng-loket", role: .deskAgent, name: "Lars Loket")
                var lars = Browser(client)
                try await lars.signIn("lars@vng.example")
                let form = try await lars.get("/mijn-account/meldingen")
                #expect(form.status == .ok && form.text.contains("<legend>Ingediend bij uw organisatie</legend>"))
                #expect(form.text.contains(#"id="bezorging-ingediend-direct" name="bezorging-ingediend" value="direct" checked"#), "the role's default")
                #expect(!form.text.contains("bezorging-vraag-aan-u"), "a desk is never asked a question as requester")
                let refused = try await lars.post("/mijn-account/meldingen", form: [("bezorging-ingediend", "soms"), ("uurDagoverzicht", "25"), ("taal", "en")])
                #expect(refused.status == .badRequest)
                #expect(refused.text.contains(#"id="bezorging-fout""#) && refused.text.contains(#"id="uurDagoverzicht-fout""#) && !refused.text.contains(#"id="taal-fout""#))
                #expect(refused.text.contains("Kies direct, dagelijks of niet") && refused.text.contains(#"<option value="en" selected"#), "what was typed stays")
                let saved = try await lars.post("/mijn-account/meldingen", form: [("bezorging-ingediend", "direct"), ("bezorging-bericht", "uit"),
                                                                                  ("uurDagoverzicht", "9"), ("taal", "en")])
                #expect(saved.headers[.location] == "/mijn-account/meldingen?opgeslagen=1")
                let again = try await lars.get("/mijn-account/meldingen?opgeslagen=1")
                #expect(again.text.contains("Uw voorkeuren zijn opgeslagen") && again.text.contains(#"value="uit" checked"#)
                        && again.text.contains(#"<option value="9" selected>9:00 uur</option>"#))

                var official = Browser(client)
                try await official.signIn("gina@zoetermeer.example")
                #expect(try await official.get("/mijn-account/meldingen").text.contains("bezorging-vraag-aan-u"))
                _ = try await official.get("/hulpvragen/nieuw")
                let filed = try await official.post("/hulpvragen", form: [("titel", "Netwerk sleutelfiguren"), ("omschrijving", "Vertrouwelijk: wij zoeken contact."),
                                                                          ("behoeften", "informatievraag"), ("kanaal", "vng-loket")])
                #expect(filed.status == .seeOther)
                let mailer = NotificationMailService(store: NotificationStore(database: database), outbox: MailOutboxStore(database: database, box: TestApp.box),
                                                     meetingMail: MeetingMail(meetings: MeetingStore(database: database),
                                                                              organisations: OrganisationStore(database: database), from: "noreply@steunpunt.example"),
                                                     mailText: try mailTexts(), publicURL: "http://steunpunt.test", interval: .seconds(5), now: { Date() },
                                                     logger: TestDatabase.logger)
                let sender = MailDeliveryService(outbox: MailOutboxStore(database: database, box: TestApp.box),
                                                 client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                                 from: "noreply@steunpunt.example", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
                // The application's own services may take them first: either way each goes once.
                _ = try await mailer.composeDue()
                _ = try await sender.deliverDue()
                let received = try await sink.messages(atLeast: 2).map(ReceivedMail.init)
                #expect(received.count == 2)
                let dutch = try #require(received.first { $0.headers["to"] == "lotte@vng.example" })
                let english = try #require(received.first { $0.headers["to"] == "lars@vng.example" })
                let number = try #require(dutch.headers["subject"]?.firstMatch(of: /HV-\d{4}-\d{5}/)?.output)
                #expect(dutch.headers["subject"] == "\(number): Ingediend bij uw organisatie" && english.headers["subject"] == "\(number): Filed with your organisation")
                #expect(dutch.body.contains("Netwerk sleutelfiguren") && dutch.body.contains("http://steunpunt.test/meldingen/") && dutch.body.contains("Met vriendelijke groet"))
                #expect(english.body.contains("Kind regards"))
                #expect(!dutch.body.contains("Vertrouwelijk") && !english.body.contains("Vertrouwelijk"), "never the request's contents")
                #expect(dutch.headers["list-unsubscribe"] == "<http://steunpunt.test/mijn-account/meldingen>")
                #expect(!received.contains { $0.headers["to"] == "gina@zoetermeer.example" }, "not the one who filed it")
            }
        }
    }

    @Test("each kind of record leads to its page")
    func targets() {
        func page(_ type: String, _ id: String) -> String {
            NotificationsPage.page(of: StoredNotification(id: UUID(), user: UUID(), kind: "x", objectType: type, objectID: id, number: "", title: "",
                                                          createdAt: Date(), readAt: nil))
        }
        let round = "3f2504e0-4f89-41d3-9a0c-0305e82c3301"
        #expect(page("request", round.uppercased()) == "/hulpvragen/\(round)")
        #expect(page("round", round) == "/quickscans/rondes/\(round)/analyse")
        #expect(page("round-target", "\(round)/GM0637") == "/quickscans/rondes/\(round)/gemeenten/GM0637")
        #expect(page("mail", round) == "/beheer/mail" && page("iets", round) == "/meldingen")
        #expect(page("webhook", round.uppercased()) == "/beheer/koppelingen/\(round)")
        #expect(page("plan", "GM0637") == "/tienpuntenplan/GM0637")
    }
}

@Suite("The 10-point plan's reminders, by mail")
struct PlanReminderTests {
    @Test("a municipality that has not updated its plan for the configured months is reminded once per period, by a mail that reaches the SMTP peer; an update or a reminder within the period, or 0 months, reminds nobody",
          arguments: TestEngine.available)
    func reminders(engine: TestEngine) async throws {
        try await SMTPSink.with { sink in
            try await TestDatabase.with(engine) { database, _ async throws in
                try await ReferenceData.ensure(in: database, at: Date())
                let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
                let gina = try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina")
                _ = try await TestApp.user(database, email: "dirk@delft.example", organisation: "GM0503", role: .municipalOfficial, name: "Dirk")
                let store = ProgressStore(database: database)
                let valid = try ProgressDraft(status: "in-voorbereiding", since: "2026-01-05").validated(today: clock.now)
                // Zoetermeer last changed its plan seven months ago, Delft last week.
                _ = try await store.save(valid, municipality: MunicipalityCode("GM0637")!, point: "regie", expectedVersion: 0, planVersion: 1, by: gina.id,
                                         at: clock.now.addingTimeInterval(-213 * 86_400), source: .form, historyID: UUID())
                _ = try await store.save(valid, municipality: MunicipalityCode("GM0503")!, point: "regie", expectedVersion: 0, planVersion: 1, by: nil,
                                         at: clock.now.addingTimeInterval(-7 * 86_400), source: .form, historyID: UUID())
                let reminders = PlanReminderStore(database: database)
                let service = PlanReminderService(reminders: reminders, months: 6, interval: .seconds(60), now: { clock.now }, logger: TestDatabase.logger)
                let off = PlanReminderService(reminders: reminders, months: 0, interval: .seconds(60), now: { clock.now }, logger: TestDatabase.logger)
                #expect(try await off.remind() == 0)
                // A new installation does not remind everyone at once: one that never updated is due only once the plan is that old.
                let published = try #require(try await PlanStore(database: database).published()?.publishedAt)
                let early = try await reminders.due(cutoff: published.addingTimeInterval(-86_400))
                #expect(early.map(\.code.rawValue) == ["GM0637"])
                // The test database's plan was published half a year before the clock: every municipality that never updated is due too.
                let active = try await MunicipalityStore(database: database).all().filter(\.isActive).count
                let first = try await service.remind()
                #expect(active == 342 && first == active - 1, "all but Delft, which updated last week")
                let due = try await reminders.due(cutoff: clock.now.addingTimeInterval(-183 * 86_400))
                #expect(due.isEmpty, "reminded once per period")
                #expect(try await service.remind() == 0)
                let notices = try await NotificationStore(database: database).list(user: gina.id, page: PageRequest(size: 10)).items
                #expect(notices.map(\.kind) == ["tienpuntenplan-herinnering"] && notices.first?.objectID == "GM0637")

                let mailer = NotificationMailService(store: NotificationStore(database: database), outbox: MailOutboxStore(database: database, box: TestApp.box),
                                                     meetingMail: MeetingMail(meetings: MeetingStore(database: database),
                                                                              organisations: OrganisationStore(database: database), from: "noreply@steunpunt.example"),
                                                     mailText: try mailTexts(), publicURL: "http://steunpunt.test", interval: .seconds(5), now: { clock.now },
                                                     logger: TestDatabase.logger)
                let sender = MailDeliveryService(outbox: MailOutboxStore(database: database, box: TestApp.box),
                                                 client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                                 from: "noreply@steunpunt.example", interval: .seconds(5), now: { clock.now }, logger: TestDatabase.logger)
                _ = try await mailer.composeDue()
                _ = try await sender.deliverDue()
                let received = try await sink.messages(atLeast: 1).map(ReceivedMail.init)
                #expect(received.map { $0.headers["to"] } == ["gina@zoetermeer.example"], "Delft updated last week: no mail")
                #expect(received.first?.headers["subject"] == "10-puntenplan: Uw gemeente heeft het 10-puntenplan al een tijd niet bijgewerkt")

                // Seven months on, without an update: every one again, Delft too.
                clock.advance(by: 213 * 86_400)
                let again = try await service.remind()
                #expect(again == active)
            }
        }
    }
}
