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

/// People keep their own password (issue 16, item 12): changing it with the current one,
/// and a forgotten one reset with a link by mail, through a real SMTP peer.
@Suite("Passwords: change, forgotten, reset by mail", .serialized)
struct PasswordTests {
    static let newPassword = "een-heel-nieuw-wachtwoord-2026"

    /// Sends what is due (the application's own sender may be doing so too: each message
    /// goes once) and returns what the peer has received, once it has `count`.
    static func deliver(_ database: Database, to sink: SMTPSink, count: Int) async throws -> [ReceivedMail] {
        let outbox = MailOutboxStore(database: database, box: TestApp.box)
        let service = MailDeliveryService(outbox: outbox, client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                          from: "noreply@steunpunt.example", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
        _ = try await service.deliverDue()
        return try await sink.messages(atLeast: count).map(ReceivedMail.init)
    }

    static func actions(_ database: Database, _ action: AuditEvent.Action) async throws -> [AuditEvent] {
        try await AuditStore(database: database).search(AuditFilter(action: action), page: PageRequest(size: 50)).items.map(\.event)
    }

    @Test("changing one's own password: the current one must be right, other sessions end, a mail confirms it", arguments: TestEngine.available)
    func change(engine: TestEngine) async throws {
        try await SMTPSink.with { sink in
            let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test"]
            try await TestApp.with(engine, environment: variables) { client, database in
                try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
                var here = Browser(client), elsewhere = Browser(client)
                _ = try await here.signIn("gina@zoetermeer.example")
                _ = try await elsewhere.signIn("gina@zoetermeer.example")
                let form = try await here.get("/mijn-account/wachtwoord")
                #expect(form.status == .ok && form.text.contains(#"autocomplete="current-password""#))

                let wrong = try await here.post("/mijn-account/wachtwoord", form: [("huidig", "niet-mijn-wachtwoord"), ("wachtwoord", "kort"), ("herhaling", "anders")])
                #expect(wrong.status == .badRequest)
                #expect(wrong.text.contains(#"id="huidig-fout""#) && wrong.text.contains("Uw huidige wachtwoord klopt niet"))
                #expect(wrong.text.contains("Wachtwoord moet minstens 12 tekens lang zijn") && wrong.text.contains(#"id="herhaling-fout""#),
                        "every problem at once, each at its field")
                // Guessing the current password here counts as failed sign-ins: four more wrong ones lock it, even with the right one.
                for _ in 0..<4 {
                    _ = try await here.post("/mijn-account/wachtwoord", form: [("huidig", "nog-een-gok-\(UUID())"), ("wachtwoord", Self.newPassword), ("herhaling", Self.newPassword)])
                }
                let locked = try await here.post("/mijn-account/wachtwoord", form: [("huidig", TestApp.password), ("wachtwoord", Self.newPassword),
                                                                                    ("herhaling", Self.newPassword)])
                #expect(locked.status == .badRequest && locked.text.contains("Er is te vaak een verkeerd wachtwoord ingevuld"))
                try await database.sql.delete(from: "sign_in_throttle").run()
                let same = try await here.post("/mijn-account/wachtwoord", form: [("huidig", TestApp.password), ("wachtwoord", TestApp.password),
                                                                                  ("herhaling", TestApp.password)])
                #expect(same.status == .badRequest && same.text.contains("Kies een ander wachtwoord dan uw huidige"))

                let changed = try await here.post("/mijn-account/wachtwoord", form: [("huidig", TestApp.password), ("wachtwoord", Self.newPassword),
                                                                                     ("herhaling", Self.newPassword)])
                #expect(changed.status == .seeOther && changed.headers[.location] == "/mijn-account?wachtwoord=gewijzigd")
                let account = try await here.get("/mijn-account?wachtwoord=gewijzigd")
                #expect(account.status == .ok && account.text.contains("Uw wachtwoord is gewijzigd"), "this session stays signed in")
                #expect(try await elsewhere.get("/mijn-account").status == .found, "the other session ended")

                var later = Browser(client)
                #expect(try await later.signIn("gina@zoetermeer.example").status == .unauthorized, "the old password no longer works")
                #expect(try await later.signIn("gina@zoetermeer.example", password: Self.newPassword).status == .seeOther)

                let mails = try await Self.deliver(database, to: sink, count: 1)
                #expect(mails.count == 1)
                let mail = try #require(mails.first)
                #expect(mail.headers["to"] == "gina@zoetermeer.example" && mail.headers["subject"] == "Uw wachtwoord voor Steunpunt is gewijzigd")
                #expect(mail.body.contains("Beste Gina Gemeente") && mail.body.contains("http://steunpunt.test/wachtwoord-vergeten"))
                #expect(!mail.body.contains(Self.newPassword))
                let changes = try await Self.actions(database, .passwordChanged).map(\.result)
                #expect(changes.filter { $0 == .success }.count == 1 && changes.filter { $0 == .failure }.count == 5, "every wrong guess is on record")
            }
        }
    }

    @Test("a forgotten password: the same answer for any address, a link by mail that works once, at most three an hour",
          arguments: TestEngine.available)
    func reset(engine: TestEngine) async throws {
        try await SMTPSink.with { sink in
            let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test"]
            try await TestApp.with(engine, environment: variables) { client, database in
                try await TestApp.user(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial, name: "Gina Gemeente")
                var signedIn = Browser(client)
                _ = try await signedIn.signIn("gina@zoetermeer.example")
                var visitor = Browser(client)
                // Someone forgot it and tried until the account locked; the link lets them in again.
                for _ in 0..<5 { _ = try await visitor.signIn("gina@zoetermeer.example", password: "vergeten-\(UUID())") }
                #expect(try await visitor.signIn("gina@zoetermeer.example").status == .tooManyRequests)
                #expect(try await visitor.get("/inloggen").text.contains(#"href="/wachtwoord-vergeten""#))
                _ = try await visitor.get("/wachtwoord-vergeten")
                let empty = try await visitor.post("/wachtwoord-vergeten", form: [("email", "")])
                #expect(empty.status == .badRequest && empty.text.contains("Vul een e-mailadres in"))

                let unknown = try await visitor.post("/wachtwoord-vergeten", form: [("email", "niemand@zoetermeer.example")])
                let known = try await visitor.post("/wachtwoord-vergeten", form: [("email", "Gina@Zoetermeer.example")])
                #expect(unknown.status == .ok && known.status == .ok)
                func main(_ text: String) -> String {
                    String(text[text.range(of: "<main")!.lowerBound..<text.range(of: "</main>")!.upperBound])
                }
                #expect(main(unknown.text) == main(known.text), "nothing tells whether the address has an account")

                var mails = try await Self.deliver(database, to: sink, count: 1)
                #expect(mails.count == 1 && mails[0].headers["to"] == "gina@zoetermeer.example")
                #expect(mails[0].headers["subject"] == "Een nieuw wachtwoord voor Steunpunt" && mails[0].body.contains("een uur geldig"))
                let match = try #require(mails[0].body.firstMatch(of: try Regex(#"http://steunpunt\.test(/wachtwoord-herstellen/[A-Za-z0-9_-]{43})"#)))
                let path = String(match.output[1].substring ?? "")

                let page = try await visitor.get(path)
                #expect(page.status == .ok && page.text.contains("Gina Gemeente") && page.headers[.referrerPolicy] == "no-referrer")
                let differ = try await visitor.post(path, form: [("wachtwoord", Self.newPassword), ("herhaling", "iets anders")])
                #expect(differ.status == .badRequest && differ.text.contains(#"id="herhaling-fout""#))
                let done = try await visitor.post(path, form: [("wachtwoord", Self.newPassword), ("herhaling", Self.newPassword)])
                #expect(done.status == .seeOther && done.headers[.location] == "/inloggen?wachtwoord=hersteld")
                #expect(try await visitor.get("/inloggen?wachtwoord=hersteld").text.contains("Uw nieuwe wachtwoord is opgeslagen"))
                #expect(try await visitor.post(path, form: [("wachtwoord", "nog-weer-een-ander-wachtwoord"), ("herhaling", "nog-weer-een-ander-wachtwoord")])
                    .status == .gone, "the link works once")
                #expect(try await signedIn.get("/mijn-account").status == .found, "every session of the account ended")
                var later = Browser(client)
                #expect(try await later.signIn("gina@zoetermeer.example", password: Self.newPassword).status == .seeOther)

                mails = try await Self.deliver(database, to: sink, count: 2)
                #expect(mails.count == 2 && mails[1].headers["subject"] == "Uw wachtwoord voor Steunpunt is gewijzigd")

                // Three links an hour reach one account; a fourth request is answered the same, and sends nothing.
                for _ in 0..<3 { _ = try await visitor.post("/wachtwoord-vergeten", form: [("email", "gina@zoetermeer.example")]) }
                mails = try await Self.deliver(database, to: sink, count: 4)
                #expect(mails.count == 4, "two more links: three in the hour with the first")
                #expect(try await Self.actions(database, .passwordResetRequested).map(\.result).filter { $0 == .denied }.count == 1)
                #expect(try await Self.actions(database, .passwordReset).count == 1)
            }
        }
    }

    @Test("without a mail server the page says whom to ask, and sends nothing")
    func withoutMail() async throws {
        try await TestApp.with { client, _ in
            var visitor = Browser(client)
            let page = try await visitor.get("/wachtwoord-vergeten")
            #expect(page.status == .ok && page.text.contains("geen e-mail versturen") && !page.text.contains(#"name="email""#))
        }
    }
}
