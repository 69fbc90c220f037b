import Foundation
import Logging
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: notification mail by each person's preferences")
struct NotificationMailUseCaseTests {
    static let now = Date(timeIntervalSince1970: 1_796_000_000)

    /// The mail texts, as plain `language|key|values` so a test reads what went in.
    static let text: @Sendable (String, String, [String: String]) -> String = { language, key, values in
        "\(language)|\(key)|" + values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";")
    }

    static func mailer(_ database: Database, at now: Date) -> NotificationMailService {
        NotificationMailService(store: NotificationStore(database: database), outbox: MailOutboxStore(database: database, box: SignInUseCaseTests.box()),
                                meetingMail: MeetingMail(meetings: MeetingStore(database: database), organisations: OrganisationStore(database: database),
                                                         from: "noreply@steunpunt.test"),
                                mailText: text, publicURL: "https://steunpunt.test/", interval: .seconds(1), now: { now }, logger: Logger(label: "test"))
    }

    @Test("at once, in the daily summary at the chosen hour, or not at all; in the chosen language; once, also with two senders",
          arguments: TestEngine.available)
    func preferences(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            let lars = try await RequestUseCaseTests.user(database, "lars@vng.example", "vng-loket", .deskAgent)
            let lieke = try await RequestUseCaseTests.user(database, "lieke@vng.example", "vng-loket", .deskAgent)
            let notifications = Notifications(store: NotificationStore(database: database), dependencies: Dependencies(now: { Self.now }, secret: { $0 }, uuid: { UUID() }))
            // Lotte keeps the defaults; Lars wants filed requests in a summary at 7, in English; Lieke none by mail.
            #expect(try await notifications.preferences(by: lotte).delivery[.filed] == .immediately, "a desk hears of a new request at once by default")
            #expect(try await notifications.preferences(by: lotte).delivery[.accepted] == .digest)
            _ = try await notifications.savePreferences(.init(delivery: ["ingediend": "dagelijks"], digestHour: "7", language: "en"), by: lars)
            _ = try await notifications.savePreferences(.init(delivery: ["ingediend": "uit"], digestHour: "8", language: "nl"), by: lieke)
            await #expect(throws: DomainError.invalid([FieldError(field: "bezorging", code: "invalid_notification_kind"),
                                                       FieldError(field: "uurDagoverzicht", code: "invalid_digest_hour"), FieldError(field: "taal", code: "invalid_language")])) {
                _ = try await notifications.savePreferences(.init(delivery: ["onbekend": "direct"], digestHour: "24", language: "de"), by: lars)
            }
            #expect(try await notifications.preferences(by: lars).digestHour == 7, "a refused change keeps what was stored")

            let request = try await service.file(RequestDraft(title: "Spanning rond de moskee", description: "Vertrouwelijke uitleg", requester: "", municipality: "",
                                                              needs: ["informatievraag"], channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil))
            let outbox = MailOutboxStore(database: database, box: SignInUseCaseTests.box())
            // Two senders at once (two instances): each person's mail once.
            async let first = Self.mailer(database, at: Self.now).composeDue()
            async let second = Self.mailer(database, at: Self.now).composeDue()
            #expect(try await first + second == 1, "only Lotte's mail is due now")
            let mail = try #require(try await outbox.list(recipient: "lotte@vng.example").first)
            #expect(mail.purpose == "notification" && mail.subject == "nl|mail_notification_subject_one|number=\(request.number);what=nl|notification_ingediend|")
            #expect(mail.body.contains("title=Spanning rond de moskee") && mail.body.contains("link=https://steunpunt.test/meldingen/"))
            #expect(!mail.body.contains("Vertrouwelijke"), "never the description")
            #expect(mail.listUnsubscribe == "https://steunpunt.test/mijn-account/meldingen")
            let (larsNow, liekeNow) = (try await outbox.list(recipient: "lars@vng.example"), try await outbox.list(recipient: "lieke@vng.example"))
            #expect(larsNow.isEmpty && liekeNow.isEmpty)
            #expect(try await Self.mailer(database, at: Self.now.addingTimeInterval(60)).composeDue() == 0, "nothing twice")

            // Lars's summary comes at his hour, in English; Lieke's never.
            let seven = NotificationPreferences.nextDigest(after: Self.now, hour: 7)
            #expect(DutchCalendar().calendar.component(.hour, from: seven) == 7 && seven > Self.now && seven.timeIntervalSince(Self.now) <= 24 * 3600)
            #expect(try await Self.mailer(database, at: seven.addingTimeInterval(-1)).composeDue() == 0)
            #expect(try await Self.mailer(database, at: seven).composeDue() == 1)
            let summary = try #require(try await outbox.list(recipient: "lars@vng.example").first)
            #expect(summary.subject.hasPrefix("en|mail_notification_subject_one|") && summary.body.hasPrefix("en|mail_notification_body|"))
            #expect(try await Self.mailer(database, at: seven.addingTimeInterval(3 * 24 * 3600)).composeDue() == 0)
            #expect(try await outbox.list(recipient: "lieke@vng.example").isEmpty)
            #expect(try await NotificationStore(database: database).unread(user: lieke.id) == 1, "without mail it is still in the application")
        }
    }

    @Test("a kind turned off stops mail not yet sent; mail long overdue (no mail server for days) is let go, the notice stays")
    func changesAndStaleMail() async throws {
        try await TestDatabase.with(.sqlite) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            let lars = try await RequestUseCaseTests.user(database, "lars@vng.example", "vng-loket", .deskAgent)
            _ = try await service.file(RequestDraft(title: "Vraag", description: "Uitleg", requester: "", municipality: "", needs: ["informatievraag"],
                                                    channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil))
            let notifications = Notifications(store: NotificationStore(database: database), dependencies: Dependencies(now: { Self.now }, secret: { $0 }, uuid: { UUID() }))
            _ = try await notifications.savePreferences(.init(delivery: ["ingediend": "uit"], digestHour: "8", language: "nl"), by: lotte)
            let outbox = MailOutboxStore(database: database, box: SignInUseCaseTests.box())
            let late = Self.now.addingTimeInterval(NotificationMailService.staleAfter + 60)
            #expect(try await Self.mailer(database, at: late).composeDue() == 0)
            #expect(try await Self.mailer(database, at: Self.now).composeDue() == 0, "let go, not kept for later")
            let (lotteMail, larsMail) = (try await outbox.list(recipient: "lotte@vng.example"), try await outbox.list(recipient: "lars@vng.example"))
            #expect(lotteMail.isEmpty && larsMail.isEmpty)
            #expect(try await NotificationStore(database: database).unread(user: lars.id) == 1)
        }
    }

    @Test("the holder hears once that a deadline comes near and once that it passed; a second instance tells nobody again",
          arguments: TestEngine.available)
    func deadlines(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = RequestUseCaseTests.service(database, now: Self.now)
            let gina = try await RequestUseCaseTests.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let lotte = try await RequestUseCaseTests.user(database, "lotte@vng.example", "vng-loket", .deskAgent)
            let request = try await service.file(RequestDraft(title: "Vraag", description: "Uitleg", requester: "", municipality: "",
                                                              needs: ["informatievraag"], channel: "vng-loket"), by: gina, actor: Actor(user: gina, origin: nil))
            let store = RequestStore(database: database)
            let nearly = request.firstResponseDue.addingTimeInterval(-3600)
            let past = request.firstResponseDue.addingTimeInterval(3600)
            #expect(store.workflow.deadlineState(request, at: nearly) == .dueSoon && store.workflow.deadlineState(request, at: past) == .overdue)
            async let one = store.refreshDeadlines(at: nearly)
            async let two = store.refreshDeadlines(at: nearly)
            _ = try await (one, two)
            func kinds() async throws -> [String] {
                try await NotificationStore(database: database).list(user: lotte.id, page: PageRequest(size: 50)).items.map(\.kind).sorted()
            }
            #expect(try await kinds() == ["ingediend", "termijn-bijna-verstreken"])
            try await store.refreshDeadlines(at: past)
            try await store.refreshDeadlines(at: past.addingTimeInterval(60))
            #expect(try await kinds() == ["ingediend", "termijn-bijna-verstreken", "termijn-verstreken"])
            #expect(try await NotificationStore(database: database).list(user: gina.id, page: PageRequest(size: 50)).items.isEmpty, "not the requester")
        }
    }
}
