import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the network register")
struct NetworkUseCaseTests {
    static func service(_ database: Database, clock: TestClock) -> NetworkService {
        NetworkService(store: NetworkStore(database: database), municipalities: MunicipalityStore(database: database), needs: NeedStore(database: database),
                       audit: AuditStore(database: database), reviewMonths: 12,
                       dependencies: Dependencies(now: { clock.now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() }))
    }

    static func draft(_ change: (inout NetworkEntryDraft) -> Void = { _ in }) -> NetworkEntryDraft {
        var draft = NetworkEntryDraft(kind: "organisatie", name: "Stichting Moskee Al-Fath", role: "Moskeebestuur", municipality: "GM0202",
                                      themes: [NeedCode.networks.rawValue, NeedCode.socialTension.rawValue], contactRoute: "bestuur@alfath.example.nl",
                                      consent: "schriftelijk", consentOn: "2027-01-10", note: "Bestuur staat open voor contact met gemeenten.")
        change(&draft)
        return draft
    }

    @Test("the unit's alone: others are refused every read and write; every problem at once; every read audited, the list's too; at most 25 a page",
          arguments: TestEngine.available)
    func unitOnly(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))   // January 2027
            let service = Self.service(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let others = [try await MeetingUseCaseTests.user(database, "GM0202", .municipalOfficial), try await MeetingUseCaseTests.user(database, "nctv", .deskAgent),
                          try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst), try await MeetingUseCaseTests.user(database, "nctv", .auditor),
                          try await MeetingUseCaseTests.user(database, "nctv", .administrator)]
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }

            await #expect(throws: DomainError.invalid([
                FieldError(field: "naam", code: "required"), FieldError(field: "gemeente", code: "invalid_municipality_code"),
                FieldError(field: "themas", code: "unknown_need"), FieldError(field: "contactroute", code: "invalid_contact_route"),
                FieldError(field: "toestemmingOp", code: "date_in_future"), FieldError(field: "toelichting", code: "personal_identifier_bsn"),
            ])) {
                try await service.create(Self.draft { $0.name = ""; $0.municipality = "Arnhem"; $0.themes = ["bestaat-niet"]; $0.contactRoute = "bel maar"
                    $0.consentOn = "2030-01-01"; $0.note = "BSN 111222333" }, actor: actor(advisor))
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "gemeente", code: "unknown_municipality")])) {
                try await service.create(Self.draft { $0.municipality = "GM9999" }, actor: actor(advisor))
            }
            for route in ["+31 26 123 4567", "https://www.alfath.example.nl/contact", "info@alfath.example.nl"] {
                #expect(try await service.create(Self.draft { $0.contactRoute = route; $0.name = "Entry \(route)" }, actor: actor(advisor)).contactRoute == route)
            }
            let entry = try await service.create(Self.draft(), actor: actor(advisor))
            for other in others {
                await #expect(throws: DomainError.forbidden) { try await service.create(Self.draft(), actor: actor(other)) }
                await #expect(throws: DomainError.forbidden) { try await service.get(entry.id, actor: actor(other)) }
                await #expect(throws: DomainError.forbidden) { try await service.list(NetworkFilter(), page: PageRequest(), actor: actor(other)) }
                await #expect(throws: DomainError.forbidden) { try await service.update(entry.id, with: Self.draft(), version: 1, actor: actor(other)) }
                #expect(try await service.dueForReview(by: other) == nil)
                #expect(try await service.choices(for: other).isEmpty)
            }
            let read = try await service.get(entry.id, actor: actor(advisor))
            #expect(read.listing.entry.name == "Stichting Moskee Al-Fath" && read.introductions.isEmpty)
            let page = try await service.list(NetworkFilter(municipality: MunicipalityCode("GM0202")), page: PageRequest(size: 100), actor: actor(advisor))
            #expect(page.total == 4 && page.request.size == 25, "read a page at a time, never exported")
            #expect(try await service.list(NetworkFilter(text: "al-fath moskee"), page: PageRequest(), actor: actor(advisor)).total == 1, "every word in the name or the role")
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "network_entry"), page: PageRequest(size: 100))
            #expect(trail.items.filter { $0.event.action == .networkEntryRead }.count == 1)
            #expect(trail.items.filter { $0.event.action == .networkListRead }.count == 2)
            #expect(trail.items.filter { $0.event.action == .networkEntryCreated }.count == 4, "refused attempts leave nothing")
            await #expect(throws: DomainError.conflict("network_entry_changed")) {
                try await service.update(entry.id, with: Self.draft(), version: 3, actor: actor(advisor))
            }
        }
    }

    @Test("an introduction is the desk's activity naming the entry; an entry without a change or an introduction for 12 months is due for review",
          arguments: TestEngine.available)
    func introductionsAndReview(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_800_000_000))
            let service = Self.service(database, clock: clock)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let actor = Actor(user: advisor, origin: "192.0.2.3")
            let quiet = try await service.create(Self.draft { $0.name = "Stichting Stil" }, actor: actor)
            let busy = try await service.create(Self.draft { $0.name = "Stichting Bezig" }, actor: actor)
            #expect(try await service.dueForReview(by: advisor) == 0)

            // Eleven months on, the unit introduces Arnhem to one entry.
            clock.advance(by: 335 * 86_400)
            let requests = RequestUseCaseTests.service(database, now: clock.now)
            let valid = try RequestDraft(title: "Contact met de moskee", description: "Gemeente zoekt contact.", requester: "GM0202", municipality: "GM0202",
                                         needs: [NeedCode.networks.rawValue], channel: RequestChannel.unitDirect.rawValue)
                .validated(knownNeeds: Set(Need.shipped.map(\.code)))
            let request = try await RequestStore(database: database).create(valid, id: UUID(), desk: .expertiseUnit, createdBy: advisor.id, at: clock.now,
                                                                            targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            let day = String(AmsterdamTime.local(clock.now).prefix(10))
            await #expect(throws: DomainError.invalid([FieldError(field: "netwerk", code: "network_needs_introduction_kind")])) {
                try await requests.addActivity(ActivityDraft(kind: "adviesgesprek", day: day, hours: "1", participants: "2", network: busy.id.uppercasedText),
                                               on: request.id, by: advisor, actor: actor)
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "netwerk", code: "unknown_network_entry")])) {
                try await requests.addActivity(ActivityDraft(kind: "netwerkintroductie", day: day, hours: "1", participants: "2", network: UUID().uppercasedText),
                                               on: request.id, by: advisor, actor: actor)
            }
            let activity = try await requests.addActivity(ActivityDraft(kind: "netwerkintroductie", day: day, hours: "1", participants: "2",
                                                                        network: busy.id.uppercasedText), on: request.id, by: advisor, actor: actor)
            #expect(activity.network == busy.id)
            let introduced = try await service.get(busy.id, actor: actor)
            #expect(introduced.introductions.map(\.number) == [request.number] && introduced.introductions.first?.requester.isEmpty == false)
            #expect(introduced.listing.introductions == 1 && introduced.listing.lastActivity == clock.now)

            // A year and a month after both were made: the quiet one is due, the one introduced is not.
            clock.advance(by: 60 * 86_400)
            #expect(try await service.dueForReview(by: advisor) == 1)
            let due = try await service.list(NetworkFilter(dueBefore: service.reviewCutoff), page: PageRequest(), actor: actor)
            #expect(due.items.map(\.entry.id) == [quiet.id])
            #expect(due.items.first?.isDueForReview(at: clock.now, months: 12) == true)
            // A change counts as activity: reviewed and kept, it is no longer due.
            _ = try await service.update(quiet.id, with: Self.draft { $0.name = "Stichting Stil" }, version: nil, actor: actor)
            #expect(try await service.dueForReview(by: advisor) == 0)
        }
    }
}
