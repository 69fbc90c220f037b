import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Meetings: places, the waiting list and offers, on both engines")
struct MeetingStoreTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func valid(capacity: Int = 50, perOrganisation: Int? = nil, status: MeetingStatus = .open, visibility: Visibility = .signedIn,
                      hold: Int = 48) throws -> MeetingDraft.Valid {
        try MeetingDraft(kind: "regionale-kennisbijeenkomst", title: "Kennisbijeenkomst", organiser: "nctv", venue: "Den Haag",
                         startsAt: "2027-05-20T13:00", endsAt: "2027-05-20T17:00", capacity: "\(capacity)",
                         perOrganisation: perOrganisation.map(String.init) ?? "", offerHoldHours: "\(hold)", visibility: visibility.rawValue,
                         status: status.rawValue).validated()
    }

    /// `count` officials, each of a municipality of their own (by CBS list order).
    static func people(_ database: Database, _ count: Int, in organisation: String? = nil) async throws -> [User] {
        let codes = try await MunicipalityStore(database: database).all().map(\.code.rawValue)
        var users: [User] = []
        for index in 0..<count {
            let organisation = organisation ?? codes[index % codes.count]
            let draft = try UserDraft(email: "p\(index)-\(UUID().uuidString.prefix(6))@example.nl", name: "Persoon \(index)", organisation: organisation,
                                      role: Role.municipalOfficial.rawValue).validated()
            users.append(try await UserStore(database: database).create(draft, id: UUID(), passwordHash: "hash", at: now))
        }
        return users
    }

    static func creator(_ database: Database) async throws -> User {
        let draft = try UserDraft(email: "org-\(UUID().uuidString.prefix(6))@nctv.example.nl", name: "Organisator", organisation: "nctv",
                                  role: Role.deskAgent.rawValue).validated()
        return try await UserStore(database: database).create(draft, id: UUID(), passwordHash: "hash", at: now)
    }

    static func register(_ store: MeetingStore, _ meeting: Meeting, _ person: User, at time: Date = now) async throws -> Registration {
        try await store.register(for: meeting.id, person: person.id, organisation: person.organisation, needs: "", id: UUID(), at: time, check: { _, _ in })
    }

    @Test("200 people registering at once for 50 places: exactly 50 places, the other 150 waiting in arrival order, none lost",
          arguments: TestEngine.available)
    func capacityUnderContention(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let meeting = try await store.create(try Self.valid(capacity: 50), id: UUID(), by: try await Self.creator(database).id, at: Self.now)
            let people = try await Self.people(database, 200)
            let registrations = try await withThrowingTaskGroup(of: Registration.self) { group in
                for person in people { group.addTask { try await Self.register(store, meeting, person) } }
                return try await group.reduce(into: [Registration]()) { $0.append($1) }
            }
            #expect(registrations.count == 200)
            let stored = try await store.registrations(for: meeting.id)
            #expect(stored.count == 200 && Set(stored.map(\.person)) == Set(people.map(\.id)), "every registrant is stored once")
            #expect(stored.filter { $0.state == .confirmed }.count == 50 && stored.filter { $0.state == .waiting }.count == 150)
            #expect(stored.map(\.position) == Array(1...200), "arrival order has no gaps or doubles")
            // Places went to the first 50 to arrive: everyone after a waiting person waits too.
            let firstWaiting = stored.firstIndex { $0.state == .waiting }
            #expect(firstWaiting == 50 && stored[50...].allSatisfy { $0.state == .waiting })
            let seating = try await store.seating(of: [meeting])[meeting.id]
            #expect(seating == Seating(capacity: 50, taken: 50, waiting: 150))
        }
    }

    @Test("a cancelled place is offered to the first person waiting, held for the hold time; expired, it passes on; accepted, it is theirs",
          arguments: TestEngine.available)
    func offers(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let meeting = try await store.create(try Self.valid(capacity: 2, hold: 24), id: UUID(), by: try await Self.creator(database).id, at: Self.now)
            let people = try await Self.people(database, 5)
            var registrations: [Registration] = []
            for (index, person) in people.enumerated() {
                registrations.append(try await Self.register(store, meeting, person, at: Self.now.addingTimeInterval(Double(index))))
            }
            #expect(registrations.map(\.state) == [.confirmed, .confirmed, .waiting, .waiting, .waiting])

            let later = Self.now.addingTimeInterval(3600)
            _ = try await store.move(registrations[0].id, to: .cancelled, actor: people[0].id, reason: "verhinderd", at: later, check: { _, _ in })
            var third = try await store.registration(registrations[2].id)
            #expect(third?.state == .offered && third?.offerExpiresAt == later.addingTimeInterval(24 * 3600))
            #expect(try await store.registration(registrations[3].id)?.state == .waiting)
            // A newcomer does not pass the queue while a place is held for someone.
            let newcomer = try await Self.register(store, meeting, try await Self.people(database, 1)[0], at: later)
            #expect(newcomer.state == .waiting && newcomer.position == 6)

            #expect(try await store.expireOffers(at: later.addingTimeInterval(23 * 3600)) == 0, "not yet due")
            let expiry = later.addingTimeInterval(24 * 3600)
            #expect(try await store.expireOffers(at: expiry) == 1)
            #expect(try await store.registration(registrations[2].id)?.state == .expired)
            let fourth = try await store.registration(registrations[3].id)
            #expect(fourth?.state == .offered && fourth?.offerExpiresAt == expiry.addingTimeInterval(24 * 3600))

            _ = try await store.move(registrations[3].id, to: .confirmed, actor: people[3].id, reason: "offer accepted", at: expiry, check: { _, _ in })
            #expect(try await store.seating(of: [meeting])[meeting.id] == Seating(capacity: 2, taken: 2, waiting: 2))
            third = try await store.registration(registrations[2].id)
            let history = try await store.history(of: registrations[3].id).map { "\($0.from?.rawValue ?? "-")>\($0.to.rawValue)" }
            #expect(history == ["->wachtlijst", "wachtlijst>aangeboden", "aangeboden>bevestigd"])
            let expiredHistory = try await store.history(of: registrations[2].id)
            #expect(expiredHistory.last?.to == .expired && expiredHistory.last?.actor == nil && expiredHistory.last?.reason == "offer expired")
        }
    }

    /// The kinds of notice `person` has, oldest first.
    static func notices(_ database: Database, _ person: User) async throws -> [String] {
        try await NotificationStore(database: database).list(user: person.id, page: PageRequest(size: 100)).items.reversed().map(\.kind)
    }

    @Test("the registrant hears what they got: a place, the waiting list, an offer; a cancellation of a place, by themselves or an organiser; not a declined offer",
          arguments: TestEngine.available)
    func registrantNotices(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let organiser = try await Self.creator(database)
            let meeting = try await store.create(try Self.valid(capacity: 2), id: UUID(), by: organiser.id, at: Self.now)
            let people = try await Self.people(database, 4)
            var registrations: [Registration] = []
            for person in people { registrations.append(try await Self.register(store, meeting, person, at: Self.now)) }
            #expect(try await Self.notices(database, people[0]) == ["inschrijving-bevestigd"])
            #expect(try await Self.notices(database, people[2]) == ["op-wachtlijst"])
            // Own cancellation of a place: told (the mail takes it out of the calendar); the first waiting is offered it.
            _ = try await store.move(registrations[0].id, to: .cancelled, actor: people[0].id, reason: "cancelled", at: Self.now.addingTimeInterval(1), check: { _, _ in })
            #expect(try await Self.notices(database, people[0]) == ["inschrijving-bevestigd", "inschrijving-geannuleerd"])
            #expect(try await Self.notices(database, people[2]) == ["op-wachtlijst", "plaats-aangeboden"])
            // Declining is done on a page that says so: no notice; the next one is offered the place and takes it.
            _ = try await store.move(registrations[2].id, to: .cancelled, actor: people[2].id, reason: "offer declined", at: Self.now.addingTimeInterval(2), check: { _, _ in })
            #expect(try await Self.notices(database, people[2]) == ["op-wachtlijst", "plaats-aangeboden"])
            _ = try await store.move(registrations[3].id, to: .confirmed, actor: people[3].id, reason: "offer accepted", at: Self.now.addingTimeInterval(3), check: { _, _ in })
            #expect(try await Self.notices(database, people[3]) == ["op-wachtlijst", "plaats-aangeboden", "inschrijving-bevestigd"])
            // An organiser's cancellation is told to the registrant, not to the organiser.
            _ = try await store.move(registrations[1].id, to: .cancelled, actor: organiser.id, reason: "dubbel", at: Self.now.addingTimeInterval(4), check: { _, _ in })
            #expect(try await Self.notices(database, people[1]) == ["inschrijving-bevestigd", "inschrijving-geannuleerd"])
            #expect(try await Self.notices(database, organiser).isEmpty)
        }
    }

    @Test("two days before, everyone with a place is reminded once, also with two instances at once; not who registered later, waits, or cancelled",
          arguments: TestEngine.available)
    func reminders(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let meeting = try await store.create(try Self.valid(capacity: 3), id: UUID(), by: try await Self.creator(database).id, at: Self.now)
            let cancelled = try await store.create(try Self.valid(capacity: 3), id: UUID(), by: try await Self.creator(database).id, at: Self.now)
            let people = try await Self.people(database, 5)
            let ahead: TimeInterval = 2 * 86_400
            let moment = meeting.startsAt.addingTimeInterval(-ahead)
            for person in people.prefix(3) { _ = try await Self.register(store, meeting, person) }
            _ = try await Self.register(store, meeting, people[3])  // waiting
            _ = try await Self.register(store, cancelled, people[4])
            _ = try await store.update(cancelled.id, with: try Self.valid(capacity: 3, status: .cancelled), expectedVersion: 1, at: Self.now)

            #expect(try await store.remind(at: moment.addingTimeInterval(-60), ahead: ahead) == 0, "not yet")
            // Someone cancels and the person waiting takes the place after the reminder's moment: a confirmation, no reminder.
            let third = try #require(try await store.registration(of: people[2].id, for: meeting.id))
            _ = try await store.move(third.id, to: .cancelled, actor: people[2].id, reason: "cancelled", at: moment.addingTimeInterval(10), check: { _, _ in })
            let offered = try #require(try await store.registration(of: people[3].id, for: meeting.id))
            _ = try await store.move(offered.id, to: .confirmed, actor: people[3].id, reason: "offer accepted", at: moment.addingTimeInterval(20), check: { _, _ in })

            let at = moment.addingTimeInterval(60)
            async let first = store.remind(at: at, ahead: ahead)
            async let second = store.remind(at: at, ahead: ahead)
            let counts = try await [first, second]
            #expect(counts.reduce(0, +) == 2, "two instances remind the two people once between them: \(counts)")
            #expect(try await store.remind(at: at.addingTimeInterval(3600), ahead: ahead) == 0)
            for person in people.prefix(2) { #expect(try await Self.notices(database, person).last == "bijeenkomst-herinnering") }
            #expect(try await !Self.notices(database, people[3]).contains("bijeenkomst-herinnering"))
            #expect(try await !Self.notices(database, people[4]).contains("bijeenkomst-herinnering"))
            #expect(try await store.remind(at: meeting.startsAt.addingTimeInterval(60), ahead: ahead) == 0, "after the start nothing more")
        }
    }

    @Test("colleagues registered together wait and are offered places together, and nobody passes them; an organiser moves an entry to the front with a reason",
          arguments: TestEngine.available)
    func groups(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let organiser = try await Self.creator(database)
            let meeting = try await store.create(try Self.valid(capacity: 2, perOrganisation: 2), id: UUID(), by: organiser.id, at: Self.now)
            let zoetermeer = try await Self.people(database, 4, in: "GM0637")
            let others = try await Self.people(database, 3)
            func register(_ person: User, _ colleagues: [User] = [], at offset: Double) async throws -> Registration {
                try await store.register(for: meeting.id, person: person.id, organisation: person.organisation, needs: "", colleagues: colleagues.map(\.email),
                                         id: UUID(), at: Self.now.addingTimeInterval(offset), check: { _, _ in })
            }
            let a = try await register(others[0], at: 1), e = try await register(others[1], at: 2)
            await #expect(throws: DomainError.invalid([FieldError(field: "collegas", code: "colleague_not_found")]), "not of her organisation") {
                try await register(zoetermeer[0], [others[2]], at: 3)
            }
            let group = try await register(zoetermeer[0], [zoetermeer[1]], at: 3)
            #expect(group.state == .waiting && group.group == group.id)
            let members = try await store.registrations(for: meeting.id).filter { $0.group == group.id }
            #expect(members.map(\.person) == [zoetermeer[0].id, zoetermeer[1].id] && members.map(\.position) == [3, 4], "together, in consecutive positions")
            await #expect(throws: DomainError.invalid([FieldError(field: "collegas", code: "colleague_already_registered")])) {
                try await register(zoetermeer[2], [zoetermeer[1]], at: 4)
            }
            await #expect(throws: DomainError.conflict("organisation_limit_reached"), "two per organisation, the group counted whole") {
                try await register(zoetermeer[2], [zoetermeer[3]], at: 4)
            }
            let d = try await register(others[2], at: 5)
            #expect(d.state == .waiting)

            // One place free: the group needs two, and the person behind it does not pass it.
            _ = try await store.move(a.id, to: .cancelled, actor: others[0].id, reason: "cancelled", at: Self.now.addingTimeInterval(10), check: { _, _ in })
            var states = try await store.registrations(for: meeting.id).map { "\($0.position):\($0.state.rawValue)" }
            #expect(states == ["1:geannuleerd", "2:bevestigd", "3:wachtlijst", "4:wachtlijst", "5:wachtlijst"])
            // Two free: the group is offered both.
            _ = try await store.move(e.id, to: .cancelled, actor: others[1].id, reason: "cancelled", at: Self.now.addingTimeInterval(11), check: { _, _ in })
            states = try await store.registrations(for: meeting.id).map { "\($0.position):\($0.state.rawValue)" }
            #expect(states == ["1:geannuleerd", "2:geannuleerd", "3:aangeboden", "4:aangeboden", "5:wachtlijst"])

            // The organiser moves the last one to the front, with a reason; with no place free it waits first in line.
            let moved = try await store.prioritise(d.id, reason: "Nog geen gemeente uit deze regio", actor: organiser.id, at: Self.now.addingTimeInterval(20),
                                                   check: { _, _ in })
            #expect(moved.state == .waiting && moved.position == 0)
            #expect(try await store.waitingRank(of: moved) == 1)
            let history = try await store.history(of: d.id)
            #expect(history.last?.reason == "priority: Nog geen gemeente uit deze regio" && history.last?.actor == organiser.id)
            await #expect(throws: DomainError.conflict("not_waiting")) {
                try await store.prioritise(group.id, reason: "x", actor: organiser.id, at: Self.now, check: { _, _ in })
            }
        }
    }

    @Test("more places offer themselves to the people waiting; an offer is held at most until the meeting starts", arguments: TestEngine.available)
    func morePlaces(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let meeting = try await store.create(try Self.valid(capacity: 1, hold: 336), id: UUID(), by: try await Self.creator(database).id, at: Self.now)
            let people = try await Self.people(database, 4)
            var registrations: [Registration] = []
            for person in people { registrations.append(try await Self.register(store, meeting, person)) }
            // Three days before the start, a hold of 14 days ends at the start.
            let changed = try await store.update(meeting.id, with: try Self.valid(capacity: 3, hold: 336), expectedVersion: 1,
                                                 at: meeting.startsAt.addingTimeInterval(-3 * 86_400))
            #expect(changed.version == 2 && changed.sequence == 0, "more places is not a change a calendar shows")
            let states = try await store.registrations(for: meeting.id).map(\.state)
            #expect(states == [.confirmed, .offered, .offered, .waiting])
            let offered = try await store.registration(registrations[1].id)
            #expect(offered?.offerExpiresAt == meeting.startsAt, "14 days' hold ends at the start")
            await #expect(throws: DomainError.conflict("meeting_changed")) {
                try await store.update(meeting.id, with: try Self.valid(capacity: 4), expectedVersion: 1, at: Self.now)
            }
        }
    }

    @Test("one active registration per person; a limit per organisation; the history cannot be changed", arguments: TestEngine.available)
    func rules(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let meeting = try await store.create(try Self.valid(capacity: 10, perOrganisation: 2), id: UUID(), by: try await Self.creator(database).id, at: Self.now)
            let colleagues = try await Self.people(database, 3, in: "GM0363")
            let first = try await Self.register(store, meeting, colleagues[0])
            await #expect(throws: DomainError.conflict("already_registered")) { try await Self.register(store, meeting, colleagues[0]) }
            _ = try await Self.register(store, meeting, colleagues[1])
            await #expect(throws: DomainError.conflict("organisation_limit_reached")) { try await Self.register(store, meeting, colleagues[2]) }
            _ = try await store.move(first.id, to: .cancelled, actor: colleagues[0].id, reason: "cancelled", at: Self.now, check: { _, _ in })
            let again = try await Self.register(store, meeting, colleagues[0])
            #expect(again.state == .confirmed && again.position == 3, "registering again after cancelling is a new arrival")
            await #expect(throws: DomainError.conflict("registration_not_active")) {
                try await store.move(first.id, to: .cancelled, actor: colleagues[0].id, reason: "twice", at: Self.now, check: { _, _ in })
            }
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("UPDATE meeting_registration_history SET reason = 'anders'").run()
            }
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("DELETE FROM meeting_registration_history").run()
            }
        }
    }

    @Test("lists hold what the reader may see: drafts for their keepers, public meetings for visitors, ended ones not", arguments: TestEngine.available)
    func scope(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let store = MeetingStore(database: database)
            let creator = try await Self.creator(database).id
            let open = try await store.create(try Self.valid(), id: UUID(), by: creator, at: Self.now)
            let publicOne = try await store.create(try Self.valid(visibility: .publicAccess), id: UUID(), by: creator, at: Self.now)
            let draft = try await store.create(try Self.valid(status: .draft), id: UUID(), by: creator, at: Self.now)
            func ids(_ scope: MeetingScope, from: Date = Self.now) async throws -> Set<UUID> {
                Set(try await store.list(scope, from: from, page: PageRequest()).items.map(\.meeting.id))
            }
            #expect(try await ids(MeetingScope(signedIn: false)) == [publicOne.id])
            #expect(try await ids(MeetingScope(signedIn: true)) == [open.id, publicOne.id])
            #expect(try await ids(MeetingScope(signedIn: true, draftsOf: .nctv)) == [open.id, publicOne.id, draft.id])
            #expect(try await ids(MeetingScope(signedIn: true, draftsOf: .vngDesk)) == [open.id, publicOne.id])
            #expect(try await ids(MeetingScope(signedIn: true, allDrafts: true)) == [open.id, publicOne.id, draft.id])
            #expect(try await ids(MeetingScope(signedIn: true, allDrafts: true), from: open.endsAt.addingTimeInterval(1)).isEmpty)
            let page = try await store.list(MeetingScope(signedIn: true), from: Self.now, page: PageRequest(size: 1))
            #expect(page.total == 2 && page.items.count == 1 && page.items[0].seating == Seating(capacity: 50, taken: 0, waiting: 0))
            #expect(try await store.get(draft.id) == draft)
        }
    }
}
