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

/// Meeting mail from the registrant's side: what arrives at a real SMTP peer (aiosmtpd),
/// taken apart by Python's `email` package and PyPI `icalendar` as a calendar program would
/// (`tests/smtp/invitation.py`).
@Suite("Meeting mail: confirmation, waiting list, offer, change, cancellation and reminder, with iCalendar invitations", .serialized)
struct MeetingMailTests {
    /// The mails, read as a calendar program reads them.
    static func read(_ files: [URL]) throws -> [[String: Any]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let result = try ChildProcess.run("/usr/bin/env", ["python3", root.appendingPathComponent("tests/smtp/invitation.py").path] + files.map(\.path),
                                          error: .inherit)
        guard result.status == 0 else { throw PythonPeer.PeerError("invitation.py failed (scripts/install-test-deps installs icalendar)") }
        return (try JSONSerialization.jsonObject(with: result.output) as? [[String: Any]]) ?? []
    }

    /// The mail files the sink holds.
    static func files(_ sink: SMTPSink) throws -> Set<URL> {
        Set(try FileManager.default.contentsOfDirectory(at: sink.folder, includingPropertiesForKeys: nil).filter { $0.pathExtension == "eml" })
    }

    @Test("each step reaches the registrant as its own mail; a place carries a REQUEST with the stable UID, a change a higher SEQUENCE, a cancellation a CANCEL")
    func flow() async throws {
        try await SMTPSink.with { sink in
            let variables = ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:\(sink.port)", "STEUNPUNT_PUBLIC_URL": "http://steunpunt.test",
                             "STEUNPUNT_MAIL_FROM": "noreply@steunpunt.example"]
            try await TestApp.with(environment: variables, backgroundServices: false) { client, database in
                let desk = try await TestApp.user(database, email: "desk@nctv.example", organisation: "nctv", role: .deskAgent)
                let arnhem = try await TestApp.user(database, email: "a@arnhem.example", organisation: "GM0202", role: .municipalOfficial, name: "Anna Arnhem")
                let ede = try await TestApp.user(database, email: "e@ede.example", organisation: "GM0228", role: .municipalOfficial, name: "Eva Ede")
                func send(_ method: HTTPRequest.Method, _ path: String, _ json: String? = nil, as user: User,
                          headers: HTTPFields = [:]) async throws -> [String: Any] {
                    try await MeetingAPITests.send(client, database, method, path, json, as: user, headers: headers).json
                }
                let box = TestApp.box
                let mailer = NotificationMailService(
                    store: NotificationStore(database: database), outbox: MailOutboxStore(database: database, box: box),
                    meetingMail: MeetingMail(meetings: MeetingStore(database: database), organisations: OrganisationStore(database: database),
                                             from: "noreply@steunpunt.example"),
                    mailText: try mailTexts(), publicURL: "http://steunpunt.test", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
                let sender = MailDeliveryService(outbox: MailOutboxStore(database: database, box: box),
                                                 client: SMTPClient(configuration: SMTPConfiguration(host: "127.0.0.1", port: sink.port)),
                                                 from: "noreply@steunpunt.example", interval: .seconds(5), now: { Date() }, logger: TestDatabase.logger)
                var seen: Set<URL> = []
                /// Composes and sends what is due; the mails that arrived since the last call, read.
                func deliver(_ composer: NotificationMailService? = nil, sender: MailDeliveryService = sender, expecting count: Int) async throws -> [[String: Any]] {
                    _ = try await (composer ?? mailer).composeDue()
                    _ = try await sender.deliverDue()
                    _ = try await sink.messages(atLeast: seen.count + count)
                    let new = try Self.files(sink).subtracting(seen)
                    seen.formUnion(new)
                    return try Self.read(Array(new))
                }

                let meeting = try await send(.post, "/bijeenkomsten", MeetingAPITests.body(), as: desk)
                let id = try #require(meeting["id"] as? String)
                let first = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: arnhem)
                let second = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen", "{}", as: ede)
                var mails = try await deliver(expecting: 2)
                #expect(mails.count == 2)
                let confirmation = try #require(mails.first { $0["to"] as? String == "a@arnhem.example" })
                #expect(confirmation["subject"] as? String == "Ingeschreven: Kennisbijeenkomst Oost" && confirmation["type"] as? String == "multipart/mixed")
                let invitation = try #require(confirmation["calendar"] as? [String: Any])
                #expect(invitation["content_type_method"] as? String == "REQUEST" && invitation["method"] as? String == "REQUEST")
                #expect(invitation["uid"] as? String == "\(id)@steunpunt" && invitation["sequence"] as? Int == 0 && invitation["status"] as? String == "CONFIRMED")
                #expect(invitation["events"] as? Int == 1 && invitation["timezones"] as? [String] == ["Europe/Amsterdam"])
                #expect(invitation["start_tz"] as? String == "Europe/Amsterdam")
                #expect((invitation["organizer"] as? String)?.lowercased() == "mailto:noreply@steunpunt.example")
                #expect((invitation["attendee"] as? String)?.lowercased() == "mailto:a@arnhem.example" && invitation["attendee_partstat"] as? String == "ACCEPTED")
                #expect((invitation["description"] as? String)?.contains("https://meet.example.nl/oost") == true, "Anna has a place: the link is hers")
                let attachment = try #require(confirmation["attachment"] as? [String: Any])
                #expect(attachment["filename"] as? String == "uitnodiging.ics" && attachment["same_as_inline"] as? Bool == true)
                let text = try #require(confirmation["text"] as? String)
                #expect(text.contains("http://steunpunt.test/bijeenkomsten/\(id)") && text.contains("uitnodiging.ics"))
                #expect(!text.contains("meet.example.nl"), "the link stays in the invitation and on the page")

                let waiting = try #require(mails.first { $0["to"] as? String == "e@ede.example" })
                #expect(waiting["subject"] as? String == "Op de wachtlijst: Kennisbijeenkomst Oost" && waiting["calendar"] is NSNull)
                #expect((waiting["text"] as? String)?.contains("op plaats 1") == true && waiting["type"] as? String == "text/plain")

                // A change of time: a REQUEST with a higher SEQUENCE to the person with a place; a plain mail to the one waiting.
                let later = MeetingAPITests.start.addingTimeInterval(3600)
                let moved = MeetingAPITests.body().replacingOccurrences(of: AmsterdamTime.local(MeetingAPITests.start), with: AmsterdamTime.local(later))
                    .replacingOccurrences(of: AmsterdamTime.local(MeetingAPITests.start.addingTimeInterval(3 * 3600)),
                                          with: AmsterdamTime.local(later.addingTimeInterval(3 * 3600)))
                #expect(try await send(.put, "/bijeenkomsten/\(id)", moved, as: desk, headers: [.ifMatch: "\"1\""])["versie"] as? Int == 2)
                mails = try await deliver(expecting: 2)
                #expect(mails.count == 2)
                let changes = mails
                let changed = try #require(changes.first { $0["to"] as? String == "a@arnhem.example" })
                #expect(changed["subject"] as? String == "Gewijzigd: Kennisbijeenkomst Oost")
                let update = try #require(changed["calendar"] as? [String: Any])
                #expect(update["method"] as? String == "REQUEST" && update["uid"] as? String == "\(id)@steunpunt" && update["sequence"] as? Int == 1)
                #expect((update["start"] as? String)?.hasPrefix(AmsterdamTime.local(later)) == true, "the new time, as Dutch wall-clock time")
                #expect(changes.first { $0["to"] as? String == "e@ede.example" }?["calendar"] is NSNull, "no calendar for a place not had")

                // Anna cancels: a CANCEL takes it out of her calendar; Eva is offered the place, with its expiry.
                let firstID = try #require(first["id"] as? String)
                _ = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(firstID)/annulering", "{}", as: arnhem)
                mails = try await deliver(expecting: 2)
                #expect(mails.count == 2)
                let cancel = try #require(mails.first { $0["to"] as? String == "a@arnhem.example" })
                let cancelled = try #require(cancel["calendar"] as? [String: Any])
                #expect(cancelled["method"] as? String == "CANCEL" && cancelled["content_type_method"] as? String == "CANCEL")
                #expect(cancelled["status"] as? String == "CANCELLED" && cancelled["uid"] as? String == "\(id)@steunpunt" && cancelled["sequence"] as? Int == 1)
                #expect((cancelled["description"] as? String)?.contains("meet.example.nl") == false)
                let offer = try #require(mails.first { $0["to"] as? String == "e@ede.example" })
                #expect(offer["subject"] as? String == "Er is een plaats voor u vrij: Kennisbijeenkomst Oost" && offer["calendar"] is NSNull)
                #expect((offer["text"] as? String)?.contains("vast tot") == true)

                // Eva takes it: her confirmation carries the invitation, with the link.
                let secondID = try #require(second["id"] as? String)
                _ = try await send(.post, "/bijeenkomsten/\(id)/inschrijvingen/\(secondID)/acceptatie", as: ede)
                mails = try await deliver(expecting: 1)
                #expect(mails.count == 1)
                let hers = try #require(mails.last?["calendar"] as? [String: Any])
                #expect(mails.last?["to"] as? String == "e@ede.example" && hers["method"] as? String == "REQUEST" && hers["sequence"] as? Int == 1)
                #expect((hers["description"] as? String)?.contains("https://meet.example.nl/oost") == true)

                // Two days before: a reminder with the invitation, once.
                let meetings = MeetingStore(database: database)
                let remindAt = later.addingTimeInterval(-MeetingClockService.reminderAhead + 60)
                #expect(try await meetings.remind(at: remindAt, ahead: MeetingClockService.reminderAhead) == 1)
                let reminder = NotificationMailService(store: mailer.store, outbox: mailer.outbox, meetingMail: mailer.meetingMail, mailText: mailer.mailText,
                                                       publicURL: mailer.publicURL, interval: .seconds(5), now: { remindAt }, logger: TestDatabase.logger)
                let reminderSender = MailDeliveryService(outbox: sender.outbox, client: sender.client, from: sender.from, interval: .seconds(5),
                                                         now: { remindAt }, logger: TestDatabase.logger)
                mails = try await deliver(reminder, sender: reminderSender, expecting: 1)
                #expect(mails.count == 1 && mails.last?["subject"] as? String == "Over twee dagen: Kennisbijeenkomst Oost")
                #expect(mails.last?["to"] as? String == "e@ede.example")
                #expect((mails.last?["calendar"] as? [String: Any])?["method"] as? String == "REQUEST")
                // Sent mail keeps neither its text nor its invitation.
                let outbox = try await MailOutboxStore(database: database, box: box).list(recipient: "e@ede.example")
                #expect(!outbox.isEmpty && outbox.allSatisfy { $0.sentAt != nil && $0.body.isEmpty && $0.calendar == nil })
            }
        }
    }
}
