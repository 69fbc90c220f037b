import Foundation
import Logging
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage

/// What notifications cost a change, and how fast due notifications become mail. The same
/// change (a desk's reply to a request, which tells the requesting municipality's people)
/// on a request whose municipality has nobody to tell, and on one with ten people: the
/// difference is what telling costs (the lookup of the audience is paid in both). Then
/// `NotificationMailService.composeDue` over many due notifications.
struct BenchmarkMismatch: Error, CustomStringConvertible {
    let expected: Int
    let found: Int
    var description: String { "expected \(expected) mails, composed \(found): the database was not fresh" }
}

enum NotificationBenchmark {
    static func run(engine: String, url: DatabaseURL) async throws -> [Measurement] {
        let (database, logger) = try await openBenchmarkDatabase(url)
        let users = UserStore(database: database)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        func user(_ name: String, _ organisation: String, _ role: Role) async throws -> User {
            try await users.create(try UserDraft(email: "\(name)-\(suffix)@bench.example", name: "Bench", organisation: organisation, role: role.rawValue).validated(),
                                   id: UUID(), passwordHash: "x", at: Date())
        }
        let desk = try await user("desk", "vng-loket", .deskAgent)
        for index in 0..<10 { _ = try await user("official\(index)", "GM0599", .municipalOfficial) }
        let store = RequestStore(database: database)
        let targets = DeadlineTargets(firstResponseDays: 3, resolutionDays: 30)
        func request(for municipality: String) async throws -> SupportRequest {
            let valid = try RequestDraft(title: "Vraag", description: "Uitleg", requester: municipality, municipality: municipality,
                                         needs: ["breed-preventieve-aanpak"], channel: "telefoon").validated(knownNeeds: [.preventiveApproach])
            return try await store.create(valid, id: UUID(), desk: .vngDesk, createdBy: desk.id, at: Date(), targets: targets)
        }
        var results: [Measurement] = []
        // GM0014 (Groningen) has no users here: the reply tells nobody.
        for (label, municipality) in [("nobody to tell", "GM0014"), ("10 people told", "GM0599")] {
            var current = try await request(for: municipality)
            results.append(try await measure("a desk's reply to a request, \(label)", engine: engine, iterations: 500) {
                let (next, change) = try store.workflow.apply(.reply, to: current, by: desk, at: Date(), targets: targets)
                current = try await store.save(next, previous: current, change: change, at: Date())
            })
        }
        // Composing mail: 1,000 due notifications of the ten officials, ten per mail.
        let outbox = MailOutboxStore(database: database, box: try SecretBox(key: SecretBox.newKey()))
        let meetingMail = MeetingMail(meetings: MeetingStore(database: database), organisations: OrganisationStore(database: database),
                                      from: "noreply@steunpunt.example")
        let mailer = NotificationMailService(store: NotificationStore(database: database), outbox: outbox, meetingMail: meetingMail, mailText: { _, key, values in
            key + values.values.sorted().joined(separator: " ")
        }, publicURL: "https://steunpunt.example", interval: .seconds(30), now: { Date() }, logger: logger)
        while try await mailer.composeDue() > 0 {}  // what the replies above left due
        // Timed: composing only; the 100 notices are made before each sample.
        let clock = ContinuousClock()
        var samples: [Duration] = []
        var mails = 0
        for _ in 0..<20 {
            var current = try await request(for: "GM0599")
            for _ in 0..<10 {
                let (next, change) = try store.workflow.apply(.reply, to: current, by: desk, at: Date(), targets: targets)
                current = try await store.save(next, previous: current, change: change, at: Date())
            }
            let start = clock.now
            mails += try await mailer.composeDue()
            samples.append(clock.now - start)
        }
        // Ten people, ten notices each, twenty times: anything else measured something else
        // (people left in the database by an earlier run: use a fresh one).
        guard mails == 200 else { throw BenchmarkMismatch(expected: 200, found: mails) }
        results.append(Measurement(name: "compose the due mail of 100 notices (10 mails of 10)", engine: engine, samples: samples))
        await database.close()
        return results
    }
}
