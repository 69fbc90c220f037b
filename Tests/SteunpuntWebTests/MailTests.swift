import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import SteunpuntApp
import SteunpuntDomain
import SteunpuntMail
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Mail: outbox, SMTP to a real peer (aiosmtpd), invitations by mail", .serialized)
struct MailTests {
    @Test("mail server addresses: plain relay, TLS, credentials only where they stay private")
    func configuration() throws {
        let relay = try SMTPConfiguration.parse("smtp://127.0.0.1:2525")
        #expect(relay.host == "127.0.0.1" && relay.port == 2525 && relay.security == .none && relay.username == nil)
        let tls = try SMTPConfiguration.parse("smtps://steunpunt:geheim%21@mail.example.nl")
        #expect(tls.port == 465 && tls.security == .tls && tls.username == "steunpunt" && tls.password == "geheim!")
        #expect(throws: SMTPConfiguration.ParseError.self) { try SMTPConfiguration.parse("smtp://user:pw@mail.example.nl") }
        #expect(throws: SMTPConfiguration.ParseError.self) { try SMTPConfiguration.parse("ftp://mail.example.nl") }
        do {
            _ = try AppConfiguration.load(environment: ["STEUNPUNT_SMTP_URL": "smtp://mail.example.nl", "STEUNPUNT_MAIL_FROM": "geen adres"])
            Issue.record("mail without a public address was accepted")
        } catch {
            #expect(error.description.contains("STEUNPUNT_PUBLIC_URL") && error.description.contains("STEUNPUNT_MAIL_FROM"))
        }
    }

    @Test("a message is RFC 5322 with an encoded subject and a base64 UTF-8 body")
    func rendering() {
        let message = MailMessage(from: "a@steunpunt.example", to: "b@zoetermeer.example", subject: "Eén vraag", body: "Regel één\nRegel twee")
        let text = message.rendered(date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "x@steunpunt")
        let mail = ReceivedMail(text)
        #expect(mail.headers["subject"] == "=?UTF-8?B?" + Data("Eén vraag".utf8).base64EncodedString() + "?=")
        #expect(mail.headers["date"] == "Fri, 15 Jan 2027 08:00:00 +0000")
        #expect(mail.headers["content-type"] == "text/plain; charset=utf-8")
        #expect(mail.body == "Regel één\r\nRegel twee")
        #expect(!text.contains("\n\n") && text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 })
    }

    @Test("a message with a calendar: the text and text/calendar with its method as alternatives, the same calendar attached as a file; every part base64")
    func renderingWithCalendar() throws {
        let calendar = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nSUMMARY:Bijeenkomst één\r\nEND:VCALENDAR\r\n"
        let message = MailMessage(from: "a@steunpunt.example", to: "b@zoetermeer.example", subject: "Ingeschreven", body: "Tekst",
                                  listUnsubscribe: "https://steunpunt.example/mijn-account/meldingen", calendar: .init(method: "REQUEST", text: calendar))
        let text = message.rendered(date: Date(timeIntervalSince1970: 1_800_000_000), messageID: "abc-1@steunpunt")
        let mail = ReceivedMail(text)
        #expect(mail.headers["content-type"] == "multipart/mixed; boundary=\"=_steunpunt_mixed_abc1steunpunt\"")
        #expect(mail.headers["list-unsubscribe"] == "<https://steunpunt.example/mijn-account/meldingen>" && mail.headers["mime-version"] == "1.0")
        #expect(text.contains("Content-Type: multipart/alternative; boundary=\"=_steunpunt_alt_abc1steunpunt\""))
        #expect(text.contains("Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: base64"))
        #expect(text.contains("Content-Disposition: attachment; filename=\"uitnodiging.ics\""))
        let encoded = Data(calendar.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed])
        #expect(text.components(separatedBy: encoded).count == 3, "the calendar twice: inline and attached")
        #expect(text.hasSuffix("--=_steunpunt_mixed_abc1steunpunt--\r\n") && text.contains("--=_steunpunt_alt_abc1steunpunt--\r\n"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.count <= 78 } && !text.contains("\n\n"))
        // A method that is no token is not written into a header: the text goes alone.
        let odd = MailMessage(from: "a@x.example", to: "b@x.example", subject: "S", body: "T", calendar: .init(method: "REQUEST\r\nBcc: x", text: calendar))
        #expect(ReceivedMail(odd.rendered(date: .now, messageID: "m@s")).headers["content-type"] == "text/plain; charset=utf-8")
    }

    @Test("the client hands a message to a real SMTP server")
    func sendToPeer() async throws {
        try await SMTPSink.with { sink in
            let client = SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port), timeout: .seconds(10))
            let message = MailMessage(from: "noreply@steunpunt.example", to: "gina@zoetermeer.example", subject: "Test",
                                      body: ".begint met een punt\nen ééntje met accenten")
            try await client.send(message, date: Date(), messageID: "1@steunpunt")
            let received = try sink.messages()
            #expect(received.count == 1)
            let mail = ReceivedMail(try #require(received.first))
            #expect(mail.headers["x-envelope-from"] == "noreply@steunpunt.example")
            #expect(mail.headers["x-envelope-to"] == "gina@zoetermeer.example")
            #expect(mail.body == ".begint met een punt\r\nen ééntje met accenten")

            await #expect(throws: SMTPError.rejected(stage: "RCPT TO", code: 550, text: "5.1.1 No such user here")) {
                try await client.send(MailMessage(from: "noreply@steunpunt.example", to: "x@rejected.example", subject: "T", body: "b"),
                                      date: Date(), messageID: "2@steunpunt")
            }
            await #expect(throws: SMTPError.invalidMessage("a sender or recipient address SMTP cannot carry")) {
                try await client.send(MailMessage(from: "noreply@steunpunt.example", to: "x@y.example>\r\nRCPT TO:<z@y.example", subject: "T", body: "b"),
                                      date: Date(), messageID: "3@steunpunt")
            }
            #expect(try sink.messages().count == 1)
        }
    }

    @Test("the outbox sends what is due, retries what is deferred, gives up what is refused", arguments: TestEngine.available)
    func outbox(engine: TestEngine) async throws {
        try await SMTPSink.with { sink in
            try await TestDatabase.with(engine) { database, _ async throws in
                let clock = TestClock()
                let outbox = MailOutboxStore(database: database, box: TestApp.box)
                let service = MailDeliveryService(outbox: outbox, client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                                  from: "noreply@steunpunt.example", interval: .seconds(5), now: { clock.now }, logger: TestDatabase.logger)
                let good = UUID(), later = UUID(), refused = UUID()
                try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "gina@zoetermeer.example", subject: "S", body: "geheime link"), id: good, at: clock.now)
                try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "p@later.example", subject: "S", body: "b"), id: later, at: clock.now)
                try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "p@rejected.example", subject: "S", body: "b"), id: refused, at: clock.now)
                let stored = try await database.sql.select().column("body").from("mail_outbox").all().map { try $0.decode(column: "body", as: String.self) }
                #expect(stored.allSatisfy { $0.hasPrefix("enc1:") }, "bodies (which hold links) are encrypted at rest")

                #expect(try await service.deliverDue() == 1)
                let sent = try #require(try await outbox.get(good))
                #expect(sent.sentAt != nil && sent.body.isEmpty, "a sent body is erased")
                let deferred = try #require(try await outbox.get(later))
                #expect(deferred.sentAt == nil && deferred.failedAt == nil && deferred.attempts == 1 && deferred.lastError?.contains("451") == true)
                let givenUp = try #require(try await outbox.get(refused))
                #expect(givenUp.failedAt != nil && givenUp.body == "b", "kept (encrypted) so an administrator can send it again")
                #expect(Set(try await outbox.undelivered().map(\.id)) == [refused, later], "given up, and still being tried")
                #expect(try await outbox.due(at: clock.now).isEmpty, "the deferred one waits")
                clock.advance(by: 61)
                #expect(try await outbox.due(at: clock.now).map(\.id) == [later])
                #expect(try sink.messages().count == 1)

                clock.advance(by: 31 * 86_400)
                #expect(try await outbox.purge(olderThan: MailDeliveryService.retention, at: clock.now) == 2)
                #expect(try await outbox.get(later) != nil, "still being tried")
            }
        }
    }

    @Test("two senders at once (two instances) send each message once", arguments: TestEngine.available)
    func twoSenders(engine: TestEngine) async throws {
        try await SMTPSink.with { sink in
            try await TestDatabase.with(engine) { database, _ async throws in
                let outbox = MailOutboxStore(database: database, box: TestApp.box)
                for index in 0..<12 {
                    try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "p\(index)@zoetermeer.example", subject: "S", body: "b"), at: Date())
                }
                func sender() -> MailDeliveryService {
                    MailDeliveryService(outbox: outbox, client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                        from: "noreply@steunpunt.example", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
                }
                async let first = sender().deliverDue()
                async let second = sender().deliverDue()
                let sent = try await first + second
                #expect(sent == 12)
                let recipients = try sink.messages().map { ReceivedMail($0).headers["to"] ?? "" }
                #expect(recipients.count == 12 && Set(recipients).count == 12, "\(recipients.sorted())")
                // A claimed message is nobody else's until its lease ends.
                let id = UUID()
                try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "x@zoetermeer.example", subject: "S", body: "b"), id: id, at: Date())
                #expect(try await outbox.claim(id, at: Date(), leaseEnd: Date().addingTimeInterval(300)))
                #expect(try await outbox.claim(id, at: Date(), leaseEnd: Date().addingTimeInterval(300)) == false)
                #expect(try await outbox.claim(id, at: Date().addingTimeInterval(301), leaseEnd: Date().addingTimeInterval(600)), "a lease that ran out is taken again")
            }
        }
    }

    @Test("an unreachable mail server is tried again later, nothing is lost")
    func unreachable() async throws {
        try await TestDatabase.with(.sqlite) { database, _ async throws in
            let outbox = MailOutboxStore(database: database, box: TestApp.box)
            let closed = try RefusingPort()   // bound, not listening: refused
            let service = MailDeliveryService(outbox: outbox, client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: closed.port)),
                                              from: "noreply@steunpunt.example", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
            let id = UUID()
            try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "gina@zoetermeer.example", subject: "S", body: "b"), id: id, at: Date())
            #expect(try await service.deliverDue() == 0)
            let mail = try #require(try await outbox.get(id))
            #expect(mail.attempts == 1 && mail.failedAt == nil && mail.body == "b")
        }
    }

    @Test("an invitation goes by mail: the link reaches the invited person, not the administrator's screen")
    func invitationByMail() async throws {
        try await SMTPSink.with { sink in
            let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test"]
            try await TestApp.with(environment: variables) { client, database in
                try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator, name: "Bram Beheer")
                var admin = Browser(client)
                _ = try await admin.signIn("b@nctv.example")
                _ = try await admin.get("/beheer/gebruikers/nieuw")
                let created = try await admin.post("/beheer/gebruikers", form: [("email", "nieuw@zoetermeer.example"), ("naam", "Nina Nieuw"),
                                                                                ("organisatie", "GM0637"), ("rol", "gemeente-medewerker")])
                #expect(created.status == .created)
                #expect(created.text.contains("nieuw@zoetermeer.example") && !created.text.contains("/uitnodiging/"))

                let outbox = MailOutboxStore(database: database, box: TestApp.box)
                let service = MailDeliveryService(outbox: outbox, client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                                  from: "noreply@steunpunt.example", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
                // The application's own sender may take it first: either way it goes once.
                _ = try await service.deliverDue()
                let received = try await sink.messages(atLeast: 1)
                #expect(received.count == 1)
                let mail = ReceivedMail(try #require(received.first))
                #expect(mail.headers["to"] == "nieuw@zoetermeer.example" && mail.headers["subject"] == "Uw uitnodiging voor Steunpunt")
                #expect(mail.body.contains("Beste Nina Nieuw") && mail.body.contains("Bram Beheer"))
                let link = try #require(mail.body.firstMatch(of: try Regex(#"http://steunpunt\.test(/uitnodiging/[A-Za-z0-9_-]{43})"#)))
                var invited = Browser(client)
                let page = try await invited.get(String(link.output[1].substring ?? ""))
                #expect(page.status == .ok && page.text.contains("Nina Nieuw"))
            }
        }
    }

    @Test("a message given up tells the administrators (one unread alert at a time) and can be sent again", arguments: TestEngine.available)
    func deadLetters(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let other = try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let outbox = MailOutboxStore(database: database, box: TestApp.box)
            let first = UUID(), second = UUID()
            try await outbox.enqueue(OutgoingMail(purpose: "invitation", recipient: "a@rejected.example", subject: "Uw uitnodiging voor Steunpunt", body: "b"),
                                     id: first, at: Date())
            try await outbox.enqueue(OutgoingMail(purpose: "invitation", recipient: "c@rejected.example", subject: "Uw uitnodiging voor Steunpunt", body: "b"),
                                     id: second, at: Date())
            try await outbox.markFailed(first, error: "550 no such user", retryAt: nil, at: Date())
            try await outbox.markFailed(second, error: "550 no such user", retryAt: nil, at: Date())
            let store = NotificationStore(database: database)
            let alerts = try await store.list(user: admin.id, page: PageRequest(size: 10)).items
            #expect(alerts.map(\.kind) == ["mail-niet-bezorgd"] && alerts.first?.objectType == "mail", "one unread alert for both")
            #expect(try await store.unread(user: other.id) == 0, "only administrators")
            try await store.readAll(user: admin.id, at: Date())
            #expect(try await outbox.redeliver(first, at: Date()))
            #expect(try await outbox.redeliver(first, at: Date()) == false, "only a given-up message")
            #expect(try await outbox.due(at: Date().addingTimeInterval(1)).map(\.id) == [first])
            try await outbox.markFailed(first, error: "550 no such user", retryAt: nil, at: Date())
            #expect(try await store.unread(user: admin.id) == 1, "read, so the next failure alerts again")
        }
    }

    @Test("/beheer/mail: administrators see what did not arrive (never its body), send a given-up message again (audited); the alert leads there")
    func deadLetterPage() async throws {
        let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:9", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test"]
        try await TestApp.with(environment: variables) { client, database in
            try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator, name: "Bram Beheer")
            try await TestApp.user(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let outbox = MailOutboxStore(database: database, box: TestApp.box)
            let id = UUID()
            try await outbox.enqueue(OutgoingMail(purpose: "invitation", recipient: "nina@zoetermeer.example", subject: "Uw uitnodiging voor Steunpunt",
                                                  body: "geheime link /uitnodiging/abc"), id: id, at: Date())
            try await outbox.markFailed(id, error: "550 5.1.1 No such user here", retryAt: nil, at: Date())
            var desk = Browser(client)
            try await desk.signIn("lotte@vng.example")
            #expect(try await desk.get("/beheer/mail").status == .forbidden)
            var admin = Browser(client)
            try await admin.signIn("b@nctv.example")
            let list = try await admin.get("/meldingen")
            let link = try #require(list.text.firstMatch(of: /href="(\/meldingen\/[0-9a-f-]{36})"/)?.output.1)
            #expect(list.text.contains("Mail kon niet worden bezorgd"))
            #expect(try await admin.get(String(link)).headers[.location] == "/beheer/mail")
            let page = try await admin.get("/beheer/mail")
            #expect(page.status == .ok && page.text.contains("nina@zoetermeer.example") && page.text.contains("Uitnodiging")
                    && page.text.contains("550 5.1.1 No such user here") && page.text.contains("Opgegeven op"))
            #expect(!page.text.contains("geheime link"), "never the body")
            let again = try await admin.post("/beheer/mail/\(id.uuidString.lowercased())/opnieuw", form: [])
            #expect(again.headers[.location] == "/beheer/mail?opnieuw=1")
            #expect(try await admin.get("/beheer/mail?opnieuw=1").text.contains("Het bericht staat weer klaar"))
            #expect(try await admin.post("/beheer/mail/\(id.uuidString.lowercased())/opnieuw", form: []).status == .conflict, "not given up any more")
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .mailRedelivered), page: PageRequest()).total == 1)
        }
    }
}
