import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: meetings")
struct MeetingUseCaseTests {
    static func service(_ database: Database, clock: TestClock) -> MeetingService {
        MeetingService(store: MeetingStore(database: database), organisations: OrganisationStore(database: database),
                       municipalities: MunicipalityStore(database: database), offerings: OfferingStore(database: database),
                              feeds: CalendarFeedStore(database: database), audit: AuditStore(database: database),
                       dependencies: Dependencies(now: { clock.now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() }))
    }

    static func draft(_ change: (inout MeetingDraft) -> Void = { _ in }) -> MeetingDraft {
        var draft = MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Kennisbijeenkomst Oost", organiser: "nctv", provinces: ["gelderland"],
                                 audience: ["gemeente"], venue: "Arnhem", startsAt: "2027-05-20T13:00", endsAt: "2027-05-20T17:00", capacity: "1",
                                 registrationOpensAt: "2027-04-01T09:00", cancellationDeadline: "2027-05-13T17:00", status: "open")
        change(&draft)
        return draft
    }

    static func user(_ database: Database, _ organisation: String, _ role: Role) async throws -> User {
        try await RequestUseCaseTests.user(database, "\(role.rawValue)-\(UUID().uuidString.prefix(8))@example.nl", organisation, role)
    }

    @Test("organising: the unit for any organiser, a desk for its own, a municipality not; unknown organisers and municipalities are reported with the rest; audited",
          arguments: TestEngine.available)
    func organising(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let official = try await Self.user(database, "GM0202", .municipalOfficial)
            let vng = try await Self.user(database, "vng-loket", .deskAgent)
            let advisor = try await Self.user(database, "szw-ess", .unitAdvisor)
            await #expect(throws: DomainError.forbidden) { try await service.create(Self.draft(), actor: Actor(user: official, origin: "192.0.2.1")) }
            await #expect(throws: DomainError.invalid([FieldError(field: "organisator", code: "not_your_organisation")])) {
                try await service.create(Self.draft(), actor: Actor(user: vng, origin: "192.0.2.1"))
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "titel", code: "required"), FieldError(field: "organisator", code: "unknown_organisation"),
                                                       FieldError(field: "gemeenten", code: "unknown_municipality")])) {
                try await service.create(Self.draft { $0.title = ""; $0.organiser = "bestaat-niet"; $0.municipalities = ["GM9999"] },
                                         actor: Actor(user: advisor, origin: "192.0.2.1"))
            }
            let meeting = try await service.create(Self.draft(), actor: Actor(user: advisor, origin: "192.0.2.1"))
            await #expect(throws: DomainError.forbidden) {
                try await service.update(meeting.id, with: Self.draft { $0.title = "Anders" }, version: 1, actor: Actor(user: vng, origin: nil))
            }
            let changed = try await service.update(meeting.id, with: Self.draft { $0.venue = "Nijmegen" }, version: 1, actor: Actor(user: advisor, origin: nil))
            #expect(changed.version == 2 && changed.sequence == 1 && changed.venue == "Nijmegen")
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "meeting", objectID: meeting.id.uppercasedText), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.meetingCreated, .meetingChanged])
        }
    }

    @Test("registering follows the window, the audience and the region; cancelling the deadline; an offer is answered in time by its person only",
          arguments: TestEngine.available)
    func registering(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(try AmsterdamTime.parse("2027-03-15T10:00").get())
            let service = Self.service(database, clock: clock)
            let advisor = try await Self.user(database, "szw-ess", .unitAdvisor)
            let meeting = try await service.create(Self.draft(), actor: Actor(user: advisor, origin: nil))
            let arnhem = try await Self.user(database, "GM0202", .municipalOfficial)
            let ede = try await Self.user(database, "GM0228", .municipalOfficial)
            let utrecht = try await Self.user(database, "GM0344", .municipalOfficial)
            let school = try await Self.user(database, "helpdesk-school-veiligheid", .deskAgent)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.9") }

            await #expect(throws: DomainError.conflict("registration_not_yet_open")) { try await service.register(for: meeting.id, RegistrationDraft(), actor: actor(arnhem)) }
            clock.advance(by: 30 * 86_400)
            await #expect(throws: DomainError.conflict("not_in_region")) { try await service.register(for: meeting.id, RegistrationDraft(), actor: actor(utrecht)) }
            await #expect(throws: DomainError.conflict("not_in_audience")) { try await service.register(for: meeting.id, RegistrationDraft(), actor: actor(school)) }
            await #expect(throws: DomainError.invalid([FieldError(field: "behoeften", code: "personal_identifier_bsn")])) {
                try await service.register(for: meeting.id, RegistrationDraft(needs: "BSN 111222333"), actor: actor(arnhem))
            }
            let place = try await service.register(for: meeting.id, RegistrationDraft(needs: "Vegetarisch"), actor: actor(arnhem))
            let waiting = try await service.register(for: meeting.id, RegistrationDraft(), actor: actor(ede))
            #expect(place.state == .confirmed && waiting.state == .waiting)
            #expect(try await service.get(meeting.id, by: ede).seating == Seating(capacity: 1, taken: 1, waiting: 1))

            await #expect(throws: DomainError.notFound) { try await service.cancel(place.id, actor: actor(ede)) }
            _ = try await service.cancel(place.id, actor: actor(arnhem))
            let offered = try await MeetingStore(database: database).registration(waiting.id)
            #expect(offered?.state == .offered)
            await #expect(throws: DomainError.notFound) { try await service.accept(waiting.id, actor: actor(arnhem)) }
            clock.advance(by: 49 * 3600)
            await #expect(throws: DomainError.conflict("no_open_offer")) { try await service.accept(waiting.id, actor: actor(ede)) }
            clock.advance(by: -2 * 3600)
            #expect(try await service.accept(waiting.id, actor: actor(ede)).state == .confirmed)

            // After the cancellation deadline only the keepers cancel, with a reason.
            clock.advance(by: 30 * 86_400)
            let now = clock.now
            #expect(now > meeting.cancellationDeadline && now < meeting.startsAt)
            await #expect(throws: DomainError.conflict("cancellation_deadline_passed")) { try await service.cancel(waiting.id, actor: actor(ede)) }
            await #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "required")])) { try await service.cancel(waiting.id, actor: actor(advisor)) }
            #expect(try await service.cancel(waiting.id, reason: "Ziek gemeld bij de organisator", actor: actor(advisor)).state == .cancelled)
            let history = try await MeetingStore(database: database).history(of: waiting.id)
            #expect(history.last?.reason == "Ziek gemeld bij de organisator" && history.last?.actor == advisor.id)

            await #expect(throws: DomainError.forbidden) { try await service.registrations(for: meeting.id, actor: actor(ede)) }
            let lines = try await service.registrations(for: meeting.id, actor: actor(advisor))
            #expect(lines.map(\.organisationName) == ["Arnhem", "Ede"] && lines.allSatisfy { $0.personName == "Test" })
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "meeting_registration"), page: PageRequest())
            #expect(Set(trail.items.map(\.event.action)) == [.registrationCreated, .registrationCancelled, .registrationAccepted])
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .registrationsRead), page: PageRequest())
            #expect(reads.items.map(\.event.actor) == [advisor.id] && reads.items.first?.event.objectID == meeting.id.uppercasedText,
                    "the organiser's read is kept; the refused one is not")
        }
    }

    @Test("the background job lets an unanswered offer expire after its hold time and offers the place to the next person", arguments: TestEngine.available)
    func offerJob(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(try AmsterdamTime.parse("2027-04-10T10:00").get())
            let service = Self.service(database, clock: clock)
            let meeting = try await service.create(Self.draft { $0.offerHoldHours = "24" }, actor: Actor(user: try await Self.user(database, "szw-ess", .unitAdvisor), origin: nil))
            var registrations: [Registration] = []
            for code in ["GM0202", "GM0228", "GM0200"] {
                registrations.append(try await service.register(for: meeting.id, RegistrationDraft(), actor: Actor(user: try await Self.user(database, code, .municipalOfficial), origin: nil)))
            }
            _ = try await service.cancel(registrations[0].id, reason: "Ziek", actor: Actor(user: try await Self.user(database, "szw-ess", .unitAdvisor), origin: nil))
            let job = MeetingClockService(meetings: MeetingStore(database: database), interval: .seconds(60), now: { clock.now }, logger: TestDatabase.logger)
            clock.advance(by: 23 * 3600)
            try await job.expire()
            #expect(try await MeetingStore(database: database).registration(registrations[1].id)?.state == .offered)
            clock.advance(by: 3600)
            try await job.expire()
            let states = try await MeetingStore(database: database).registrations(for: meeting.id).map(\.state)
            #expect(states == [.cancelled, .expired, .offered])
        }
    }

    @Test("who hears what: registrants what they got, a place offered to the person waiting, a change and a cancellation to every registrant, an organiser's cancellation to its person; never the organiser who acted",
          arguments: TestEngine.available)
    func notices(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(try AmsterdamTime.parse("2027-04-10T10:00").get())
            let service = Self.service(database, clock: clock)
            let advisor = try await Self.user(database, "szw-ess", .unitAdvisor)
            let meeting = try await service.create(Self.draft(), actor: Actor(user: advisor, origin: nil))
            let arnhem = try await Self.user(database, "GM0202", .municipalOfficial), ede = try await Self.user(database, "GM0228", .municipalOfficial)
            let first = try await service.register(for: meeting.id, RegistrationDraft(), actor: Actor(user: arnhem, origin: nil))
            _ = try await service.register(for: meeting.id, RegistrationDraft(), actor: Actor(user: ede, origin: nil))
            let store = NotificationStore(database: database)
            func kinds(_ user: User) async throws -> [String] { try await store.list(user: user.id, page: PageRequest()).items.map(\.kind).sorted() }
            let before = (try await kinds(arnhem), try await kinds(ede))
            #expect(before.0 == ["inschrijving-bevestigd"] && before.1 == ["op-wachtlijst"], "registering oneself is confirmed to oneself")

            _ = try await service.cancel(first.id, reason: "Dubbel geboekt", actor: Actor(user: advisor, origin: nil))
            #expect(try await kinds(arnhem) == ["inschrijving-bevestigd", "inschrijving-geannuleerd"])
            #expect(try await kinds(ede) == ["op-wachtlijst", "plaats-aangeboden"])
            let offer = try #require(try await store.list(user: ede.id, page: PageRequest()).items.first { $0.kind == "plaats-aangeboden" })
            #expect(offer.objectType == "meeting" && offer.objectID == meeting.id.uppercasedText && offer.number == "2027-05-20" && offer.title == meeting.title)

            _ = try await service.update(meeting.id, with: Self.draft { $0.venue = "Nijmegen" }, version: nil, actor: Actor(user: advisor, origin: nil))
            _ = try await service.update(meeting.id, with: Self.draft { $0.venue = "Nijmegen"; $0.title = "Kennisbijeenkomst Oost " }, version: nil, actor: Actor(user: advisor, origin: nil))
            #expect(try await kinds(ede) == ["bijeenkomst-gewijzigd", "op-wachtlijst", "plaats-aangeboden"], "a change a calendar shows, once; the same again is no change")
            _ = try await service.update(meeting.id, with: Self.draft { $0.venue = "Nijmegen"; $0.status = "geannuleerd" }, version: nil,
                                         actor: Actor(user: advisor, origin: nil))
            #expect(try await kinds(ede) == ["bijeenkomst-geannuleerd", "bijeenkomst-gewijzigd", "op-wachtlijst", "plaats-aangeboden"])
            #expect(try await kinds(arnhem) == ["inschrijving-bevestigd", "inschrijving-geannuleerd"], "no longer registered: not told of the change")
            #expect(try await kinds(advisor).isEmpty)
        }
    }

    @Test("after the meeting: attendance marked by its keepers from the day before, all or nothing; figures per meeting and municipality; report with readable materials; feedback once, by people who came",
          arguments: TestEngine.available)
    func followUp(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(try AmsterdamTime.parse("2027-04-10T10:00").get())
            let service = Self.service(database, clock: clock)
            let advisor = try await Self.user(database, "szw-ess", .unitAdvisor)
            let meeting = try await service.create(Self.draft { $0.capacity = "5" }, actor: Actor(user: advisor, origin: nil))
            let arnhem = try await Self.user(database, "GM0202", .municipalOfficial), arnhem2 = try await Self.user(database, "GM0202", .municipalOfficial)
            let ede = try await Self.user(database, "GM0228", .municipalOfficial), nijmegen = try await Self.user(database, "GM0268", .municipalOfficial)
            var registrations: [UUID: Registration] = [:]
            for person in [arnhem, arnhem2, ede, nijmegen] {
                registrations[person.id] = try await service.register(for: meeting.id, RegistrationDraft(), actor: Actor(user: person, origin: nil))
            }
            let keeper = Actor(user: advisor, origin: nil)
            let marks: [UUID: Attendance?] = [registrations[arnhem.id]!.id: .present, registrations[arnhem2.id]!.id: .present,
                                              registrations[ede.id]!.id: .present, registrations[nijmegen.id]!.id: .absent]
            await #expect(throws: DomainError.conflict("attendance_not_open"), "weeks before") { try await service.markAttendance(marks, of: meeting.id, actor: keeper) }
            await #expect(throws: DomainError.forbidden) { try await service.markAttendance(marks, of: meeting.id, actor: Actor(user: ede, origin: nil)) }
            clock.advance(by: (try AmsterdamTime.parse("2027-05-20T12:30").get()).timeIntervalSince(clock.now))
            var wrong = marks
            wrong[UUID()] = .present
            await #expect(throws: DomainError.invalid([FieldError(field: "aanwezigheid", code: "not_a_confirmed_registration")])) {
                try await service.markAttendance(wrong, of: meeting.id, actor: keeper)
            }
            #expect(try await service.attendanceFigures(of: meeting.id, by: advisor).present == 0, "all or nothing")
            try await service.markAttendance(marks, of: meeting.id, actor: keeper)
            let figures = try await service.attendanceFigures(of: meeting.id, by: advisor)
            #expect(figures == AttendanceFigures(places: 4, present: 3, absent: 1, lateCancelled: 0, organisations: 2, municipalities: 2))
            try await service.markAttendance([registrations[nijmegen.id]!.id: nil], of: meeting.id, actor: keeper)
            #expect(try await service.attendanceFigures(of: meeting.id, by: advisor).unmarked == 1, "a mark can be cleared")
            let list = try await service.attendance(for: meeting.id, actor: keeper)
            #expect(list.lines.count == 4 && list.lines.first?.registration.attendance == .present)
            let byMunicipality = try await service.attendanceByMunicipality(year: DutchCalendar().calendar.component(.year, from: meeting.startsAt), by: advisor)
            #expect(byMunicipality.map { "\($0.municipality.rawValue) \($0.attendees) \($0.meetings)" } == ["GM0202 2 1", "GM0228 1 1"])
            await #expect(throws: DomainError.forbidden) { try await service.attendanceByMunicipality(year: 2026, by: ede) }
            let trail = try await AuditStore(database: database).search(AuditFilter(action: .attendanceMarked), page: PageRequest())
            #expect(trail.items.count == 5, "every mark audited, a refused batch not")

            // The report: materials every reader can read, every problem at once.
            let offerings = OfferingStore(database: database)
            func offering(_ title: String, _ visibility: Visibility) async throws -> Offering {
                let valid = try OfferingDraft(kind: OfferingKind.guide.rawValue, title: title, summary: "Samenvatting", audiences: ["gemeenten"], needs: [],
                                              provider: "szw-ess", status: OfferingStatus.available.rawValue, expectedOn: "",
                                              visibility: visibility.rawValue).validated(knownNeeds: [])
                return try await offerings.create(valid, id: UUID(), by: advisor.id, at: clock.now)
            }
            let guide = try await offering("Handreiking polarisatie", .publicAccess), unitOnly = try await offering("Werkinstructie unit", .unitOnly)
            await #expect(throws: DomainError.invalid([FieldError(field: "verslag", code: "personal_identifier_bsn"), FieldError(field: "materialen", code: "material_not_readable")])) {
                try await service.saveReport(MeetingReportDraft(report: "BSN 111222333", materials: [unitOnly.id.uppercasedText]), of: meeting.id, actor: keeper)
            }
            let reported = try await service.saveReport(MeetingReportDraft(report: "Goed gesprek over **polarisatie**.", materials: [guide.id.lowercasedText]),
                                                        of: meeting.id, actor: keeper)
            #expect(reported.report.hasPrefix("Goed gesprek") && reported.version == meeting.version + 1)
            #expect(try await service.materials(of: reported, for: ede).map(\.id) == [guide.id])

            // Feedback: after the end, once, by people who came (or are not marked), not by the absent.
            await #expect(throws: DomainError.conflict("feedback_not_open")) {
                try await service.giveFeedback(FeedbackDraft(rating: "5"), on: meeting.id, actor: Actor(user: arnhem, origin: nil))
            }
            clock.advance(by: (try AmsterdamTime.parse("2027-05-20T17:30").get()).timeIntervalSince(clock.now))
            await #expect(throws: DomainError.invalid([FieldError(field: "waardering", code: "invalid_rating")])) {
                try await service.giveFeedback(FeedbackDraft(rating: "6"), on: meeting.id, actor: Actor(user: arnhem, origin: nil))
            }
            try await service.giveFeedback(FeedbackDraft(rating: "5", text: "Heel nuttig"), on: meeting.id, actor: Actor(user: arnhem, origin: nil))
            try await service.giveFeedback(FeedbackDraft(rating: "4"), on: meeting.id, actor: Actor(user: nijmegen, origin: nil))
            await #expect(throws: DomainError.conflict("feedback_given")) {
                try await service.giveFeedback(FeedbackDraft(rating: "1"), on: meeting.id, actor: Actor(user: arnhem, origin: nil))
            }
            try await service.markAttendance([registrations[ede.id]!.id: .absent], of: meeting.id, actor: keeper)
            await #expect(throws: DomainError.conflict("feedback_not_open"), "marked absent") {
                try await service.giveFeedback(FeedbackDraft(rating: "1"), on: meeting.id, actor: Actor(user: ede, origin: nil))
            }
            let summary = try await service.feedback(on: meeting.id, by: advisor)
            #expect(summary.count == 2 && summary.ratings == [0, 0, 0, 1, 1] && summary.average == 4.5 && summary.texts == ["Heel nuttig"])
            await #expect(throws: DomainError.forbidden) { try await service.feedback(on: meeting.id, by: arnhem) }
        }
    }

    @Test("a draft is not found by those who do not keep it; visitors see public meetings only", arguments: TestEngine.available)
    func reading(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let nctv = try await Self.user(database, "nctv", .deskAgent)
            let official = try await Self.user(database, "GM0202", .municipalOfficial)
            let draft = try await service.create(Self.draft { $0.status = "concept" }, actor: Actor(user: nctv, origin: nil))
            let open = try await service.create(Self.draft { $0.visibility = "openbaar" }, actor: Actor(user: nctv, origin: nil))
            await #expect(throws: DomainError.notFound) { try await service.get(draft.id, by: official) }
            await #expect(throws: DomainError.notFound) { try await service.register(for: draft.id, RegistrationDraft(), actor: Actor(user: official, origin: nil)) }
            #expect(try await service.get(draft.id, by: nctv).meeting.id == draft.id)
            #expect(try await service.upcoming(by: nil, page: PageRequest()).items.map(\.meeting.id) == [open.id])
            #expect(try await service.upcoming(by: nctv, page: PageRequest()).items.count == 2)
        }
    }
}
