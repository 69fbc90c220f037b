import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Retention of meeting registrations and network entries: listed from the meeting or the last activity, skeletons that keep the figures")
struct RetentionOfPeopleTests {
    typealias R = RetentionStoreTests

    /// Collects what is due today, has the coordinator review it and an administrator approve it, and carries it out.
    static func destroyDue(_ retention: RetentionStore, coordinator: User, admin: User,
                           schedule: RetentionSchedule = .standard) async throws -> (list: DestructionList, records: [DestructionRecord]) {
        let list = try #require(try await retention.collect(on: R.today, schedule: schedule, id: UUID(), at: R.now)).list
        try await retention.review(list.id, version: list.version, by: coordinator.id, at: R.now, audit: R.audit(.destructionListReviewed, coordinator))
        try await retention.approve(list.id, version: list.version + 1, by: admin.id, at: R.now, audit: R.audit(.destructionListApproved, admin))
        return (list, try await retention.destroyApproved(schedule: schedule, on: R.today, at: R.now))
    }

    static func meeting(_ store: MeetingStore, on day: String, by creator: User) async throws -> Meeting {
        let valid = try MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Kennisbijeenkomst \(day)", organiser: "nctv", venue: "Den Haag",
                                     startsAt: "\(day)T13:00", endsAt: "\(day)T17:00", capacity: "10", perOrganisation: "", offerHoldHours: "48",
                                     visibility: Visibility.signedIn.rawValue, status: MeetingStatus.open.rawValue).validated()
        return try await store.create(valid, id: UUID(), by: creator.id, at: R.at(2025, 1, 6))
    }

    @Test("a registration a year after its meeting loses its needs, the reasons and the comment; places, attendance, reach and ratings stay",
          arguments: TestEngine.available)
    func registrations(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@ess.example", organisation: "szw-ess", role: .administrator)
            let meetings = MeetingStore(database: database)
            let retention = RetentionStore(database: database)
            let creator = try await MeetingStoreTests.creator(database)
            let official = try #require(try await MeetingStoreTests.people(database, 1).first)
            let past = try await Self.meeting(meetings, on: "2025-06-10", by: creator)
            let recent = try await Self.meeting(meetings, on: "2026-06-01", by: creator)
            let came = try await meetings.register(for: past.id, person: official.id, organisation: official.organisation, needs: "Vegetarisch, rolstoel",
                                                   id: UUID(), at: R.at(2025, 5, 1), check: { _, _ in })
            let cancelled = try await meetings.register(for: past.id, person: creator.id, organisation: creator.organisation, needs: "Glutenvrij",
                                                        id: UUID(), at: R.at(2025, 5, 2), check: { _, _ in })
            _ = try await meetings.move(cancelled.id, to: .cancelled, actor: creator.id, reason: "Ziek gemeld", at: R.at(2025, 6, 1), check: { _, _ in })
            let later = try await meetings.register(for: recent.id, person: official.id, organisation: official.organisation, needs: "Vegetarisch",
                                                    id: UUID(), at: R.at(2026, 5, 1), check: { _, _ in })
            try await meetings.markAttendance([came.id: .present], of: past.id, by: creator.id, at: R.at(2025, 6, 10, 18), check: { _ in })
            try await meetings.giveFeedback(rating: 4, text: "Fijne middag, ik kon goed meedoen", on: past.id, by: official.id, at: R.at(2025, 6, 11),
                                            check: { _, _ in })
            let figuresBefore = try await meetings.attendanceFigures(of: past.id)
            let reachBefore = try await meetings.attendanceByMunicipality(year: 2025)
            let feedbackBefore = try await meetings.feedback(on: past.id)
            #expect(figuresBefore.present == 1 && reachBefore.count == 1 && feedbackBefore.texts.count == 1)

            // Both of the meeting that ended a year and a half ago, not the one of half a year ago.
            let due = try await retention.due(on: R.today, schedule: .standard).filter { $0.type == .registration }
            #expect(Set(due.map(\.recordID)) == [came.id, cancelled.id])
            #expect(due.first { $0.recordID == came.id }?.municipality == MunicipalityCode(official.organisation.rawValue))
            #expect(due.first { $0.recordID == cancelled.id }?.municipality == nil, "the NCTV is no municipality's")
            #expect(due.allSatisfy { $0.number.hasPrefix("AM-") && $0.number.count == 11 }, "a reference, never a name")
            #expect(due.first?.dueOn == CalendarDay("2026-06-10"))
            #expect(try await retention.due(on: R.today, schedule: try RetentionSchedule.configured("aanmelding=P2Y").get()).isEmpty)

            let (_, records) = try await Self.destroyDue(retention, coordinator: cast.coordinator, admin: admin)
            #expect(Set(records.map(\.recordID)) == [came.id, cancelled.id] && records.allSatisfy { $0.type == .registration })
            let kept = try await meetings.registrations(for: past.id)
            #expect(kept.map(\.needs) == ["", ""])
            #expect(kept.map(\.state) == [.confirmed, .cancelled] && kept.first?.attendance == .present)
            #expect(try await meetings.history(of: cancelled.id).allSatisfy { $0.reason.isEmpty })
            #expect(try await meetings.history(of: cancelled.id).map(\.to) == [.confirmed, .cancelled], "the steps stay")
            #expect(try await meetings.attendanceFigures(of: past.id) == figuresBefore)
            #expect(try await meetings.attendanceByMunicipality(year: 2025) == reachBefore)
            let feedback = try await meetings.feedback(on: past.id)
            #expect(feedback.count == feedbackBefore.count && feedback.ratings == feedbackBefore.ratings && feedback.texts.isEmpty)
            #expect(try await meetings.registration(later.id)?.needs == "Vegetarisch", "the recent meeting's registration is whole")

            // A skeleton takes no more changes, and its history stays append-only but for the blanking.
            await #expect(throws: DomainError.conflict("record_destroyed")) {
                try await meetings.markAttendance([came.id: .absent], of: past.id, by: creator.id, at: R.now, check: { _ in })
            }
            await #expect(throws: DomainError.conflict("record_destroyed")) {
                _ = try await meetings.move(came.id, to: .cancelled, actor: official.id, reason: "", at: R.now, check: { _, _ in })
            }
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("UPDATE meeting_registration_history SET to_state = 'bevestigd' WHERE registration_id = \(bind: cancelled.id.uppercasedText)").run()
            }
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("UPDATE meeting_registration_history SET reason = 'terug' WHERE registration_id = \(bind: cancelled.id.uppercasedText)").run()
            }
            let (count, breaks, _) = try await AuditStore(database: database).verify()
            #expect(count > 0 && breaks.isEmpty)
        }
    }

    @Test("a network entry two years after its last change or introduction loses its name, role, contact route and note; it leaves the register",
          arguments: TestEngine.available)
    func networkEntries(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@ess.example", organisation: "szw-ess", role: .administrator)
            let network = NetworkStore(database: database)
            let requests = RequestStore(database: database)
            let retention = RetentionStore(database: database)
            func entry(_ name: String, at time: Date) async throws -> NetworkEntry {
                let valid = try NetworkEntryDraft(kind: "sleutelfiguur", name: name, role: "Voorzitter moskeebestuur", municipality: "GM0637",
                                                  themes: [NeedCode.networks.rawValue], contactRoute: "bestuur@moskee.example.nl", consent: "schriftelijk",
                                                  consentOn: "2022-01-10", note: "Bereikbaar via het secretariaat")
                    .validated(knownNeeds: [.networks], today: time)
                return try await network.create(valid, id: UUID(), by: cast.coordinator.id, at: time)
            }
            let quiet = try await entry("Ahmed Yilmaz", at: R.at(2023, 2, 1))
            let introduced = try await entry("Fatima el Amrani", at: R.at(2023, 2, 1))
            let changed = try await entry("Stichting Buurtkracht", at: R.at(2023, 2, 1))
            let request = try await RequestStoreTests.file(requests, by: cast.desk, title: "Spanning in de wijk", at: R.at(2025, 3, 1))
            try await requests.addActivity(RequestActivity(id: UUID(), request: request.id, kind: .networkIntroduction, day: "2025-03-04", hours: 1, participants: 2,
                                                           note: "", author: cast.coordinator.id, createdAt: R.at(2025, 3, 4), network: introduced.id))
            // An introduction to the quiet one long ago, which it keeps.
            try await requests.addActivity(RequestActivity(id: UUID(), request: request.id, kind: .networkIntroduction, day: "2023-03-01", hours: 1, participants: 2,
                                                           note: "", author: cast.coordinator.id, createdAt: R.at(2023, 3, 1), network: quiet.id))
            let valid = try NetworkEntryDraft(kind: "organisatie", name: "Stichting Buurtkracht", role: "Buurtwerk", municipality: "GM0637",
                                              themes: [NeedCode.networks.rawValue], contactRoute: "info@buurtkracht.example.nl", consent: "per-mail",
                                              consentOn: "2025-01-02").validated(knownNeeds: [.networks], today: R.at(2025, 1, 2))
            _ = try await network.update(changed.id, with: valid, expectedVersion: 1, at: R.at(2025, 1, 2))

            let due = try await retention.due(on: R.today, schedule: .standard).filter { $0.type == .networkEntry }
            #expect(due.map(\.recordID) == [quiet.id], "the last activity counts: a change or an introduction within two years keeps an entry")
            #expect(due.first?.number.hasPrefix("NW-") == true && due.first?.number.contains("Yilmaz") == false)
            #expect(due.first?.runsFrom == R.at(2023, 3, 1) && due.first?.municipality == MunicipalityCode("GM0637"))

            let (list, records) = try await Self.destroyDue(retention, coordinator: cast.coordinator, admin: admin)
            #expect(records.map(\.recordID) == [quiet.id])
            let skeleton = try #require(try await network.get(quiet.id)).entry
            #expect(skeleton.name == "Vernietigd (\(list.number))" && skeleton.role.isEmpty && skeleton.contactRoute.isEmpty && skeleton.note.isEmpty)
            #expect(skeleton.destroyedAt == R.now && skeleton.kind == .keyFigure && skeleton.municipality == quiet.municipality && skeleton.themes == quiet.themes)
            #expect(try await network.introductions(of: quiet.id).count == 1, "its introductions stay for the figures")
            let register = try await network.list(NetworkFilter(), page: PageRequest())
            #expect(Set(register.items.map(\.entry.id)) == [introduced.id, changed.id], "no longer in the register")
            #expect(!(try await network.choices()).contains { $0.id == quiet.id.uppercasedText })
            #expect(try await network.exists(quiet.id) == false, "nobody can be introduced to it any more")
            await #expect(throws: DomainError.conflict("record_destroyed")) {
                _ = try await network.update(quiet.id, with: valid, expectedVersion: skeleton.version, at: R.now)
            }
            #expect(try await network.get(introduced.id)?.entry.name == "Fatima el Amrani")
        }
    }
}

@Suite("Retention of quickscan responses: kept by default; under a rule to destroy, the free-text answers go and the scores stay")
struct QuickscanRetentionTests {
    typealias R = RetentionStoreTests

    @Test("a response listed from its round's closing only under the operator's rule; destroyed: texts empty, the rest and the analysis the same, no more changes",
          arguments: TestEngine.available)
    func responses(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let cast = try await RequestStoreTests.cast(database)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@ess.example", organisation: "szw-ess", role: .administrator)
            let instruments = InstrumentStore(database: database)
            let draft = try await instruments.create(.starting, id: UUID(), by: cast.coordinator.id, at: R.at(2022, 11, 1))
            let published = try await instruments.publish(draft.instrumentID, version: 1, at: R.at(2022, 11, 1))
            let rounds = RoundStore(database: database), responses = ResponseStore(database: database)
            let zoetermeer = MunicipalityCode("GM0637")!
            func round(_ title: String, closes: String) async throws -> Round {
                let valid = try RoundDraft(title: title, opensOn: "\(closes.prefix(4))-01-04", closesOn: closes, codes: ["GM0637"]).validated()
                return try await rounds.create(valid, instrument: published, targets: [zoetermeer], id: UUID(), by: cast.coordinator.id,
                                               at: R.at(2022, 11, 1), expiresAt: R.at(2030, 1, 1)).0
            }
            let old = try await round("Quickscan 2023", closes: "2023-02-26"), recent = try await round("Quickscan 2026", closes: "2026-02-26")
            let answers: [String: AnswerValue?] = ["toelichting-context": .text("Spanning rond de moskee aan de Dorpsstraat"), "budget": .scale(4)]
            for r in [old, recent] {
                try await responses.save(r.id, zoetermeer, changes: answers, by: cast.official.id, at: R.at(2023, 2, 1))
                try await responses.submit(r.id, zoetermeer, scores: [.capacity: 75], by: cast.official.id, at: R.at(2023, 2, 1))
            }
            let analysisBefore = try await responses.submitted(old.id)
            #expect(analysisBefore[zoetermeer]?["toelichting-context"] == .text("Spanning rond de moskee aan de Dorpsstraat"))

            #expect(try await RetentionStore(database: database).due(on: R.today, schedule: .standard).isEmpty, "kept permanently by default")
            let rule = try RetentionSchedule.configured("quickscan-antwoord=P2Y").get()
            let retention = RetentionStore(database: database)
            let due = try await retention.due(on: R.today, schedule: rule)
            #expect(due.count == 1 && due.first?.type == .quickscanResponse && due.first?.municipality == zoetermeer)
            #expect(due.first?.number.hasPrefix("QS-") == true && due.first?.runsFrom == CalendarDay("2023-02-26")?.start())
            #expect(due.first?.dueOn == CalendarDay("2025-02-26"))
            #expect(try await retention.due(on: CalendarDay("2025-02-26")!, schedule: rule).count == 1, "due on the day it closed two years before")
            #expect(try await retention.due(on: CalendarDay("2025-02-25")!, schedule: rule).isEmpty, "not the day before")

            let (_, records) = try await RetentionOfPeopleTests.destroyDue(retention, coordinator: cast.coordinator, admin: admin, schedule: rule)
            #expect(records.map(\.type) == [.quickscanResponse])
            let skeleton = try #require(try await responses.get(old.id, zoetermeer))
            #expect(skeleton.answers["toelichting-context"] == .text("") && skeleton.answers["budget"] == .scale(4) && skeleton.status == .submitted)
            #expect(try await responses.submitted(old.id)[zoetermeer]?["toelichting-context"] == .text(""), "the analysis reads the joined answers")
            #expect(try await responses.submitted(old.id)[zoetermeer]?["budget"] == .scale(4))
            #expect(try await responses.scores(old.id) == [zoetermeer: [.capacity: 75]])
            #expect(try await responses.get(recent.id, zoetermeer)?.answers["toelichting-context"] == .text("Spanning rond de moskee aan de Dorpsstraat"))
            await #expect(throws: DomainError.conflict("record_destroyed")) { try await responses.reopen(old.id, zoetermeer, at: R.now) }
            await #expect(throws: DomainError.conflict("record_destroyed")) {
                try await responses.save(old.id, zoetermeer, changes: ["budget": .some(.scale(1))], by: cast.official.id, at: R.now)
            }
        }
    }

    @Test("responses from before migration 64 get an id each, and a destruction list can name them", arguments: TestEngine.available)
    func migration(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let fixture = try await ResponseStoreTests.round(database, codes: ["GM0637", "GM0484"])
            let official = try await IdentityStoreTests.makeUser(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            try await M0064_IdentifyQuickscanResponses.revert(on: database.sql, types: ColumnTypes(engine: database.engine))
            try await database.sql.delete(from: "schema_migrations").where("id", .equal, 64).run()
            for code in fixture.codes {
                try await database.sql.insert(into: "quickscan_responses").columns("round_id", "municipality_code", "status", "updated_at")
                    .values(SQLBind(fixture.round.id.uppercasedText), SQLBind(code.rawValue), SQLBind(ResponseStatus.inProgress.rawValue), SQLBind(fixture.now)).run()
            }
            #expect(try await Migrator.migrate(database) == [64])
            let ids = try await database.sql.select().column("id").from("quickscan_responses").all().compactMap { UUID(text: try $0.decode(column: "id", as: String.self)) }
            #expect(ids.count == 2 && Set(ids).count == 2)
            try await ResponseStore(database: database).save(fixture.round.id, fixture.codes[0], changes: ["budget": .some(.scale(2))], by: official.id,
                                                             at: fixture.now)
            #expect(try await ResponseStore(database: database).get(fixture.round.id, fixture.codes[0])?.answers["budget"] == .scale(2),
                    "a response from before keeps working")
        }
    }
}
