import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: the incident register")
struct IncidentUseCaseTests {
    static func service(_ database: Database, clock: TestClock) -> IncidentService {
        IncidentService(incidents: IncidentStore(database: database), steps: HandlingStepStore(database: database), offerings: OfferingStore(database: database), requests: RequestStore(database: database), needs: NeedStore(database: database), municipalities: MunicipalityStore(database: database), organisations: OrganisationStore(database: database), users: UserStore(database: database), audit: AuditStore(database: database),
                        dependencies: PlanUseCaseTests.dependencies(clock))
    }

    static let mosque = IncidentDraft(kind: "discriminatoir-incident-gebedshuis", occurredOn: "2026-11-20", occurredAt: "22:15", location: "gebedshuis",
                                      neighbourhood: "Palenstein", grounds: ["godsdienst", "herkomst"], nature: "vernieling-of-bekladding",
                                      setting: "openbare-ruimte", severity: "hoog",
                                      description: "Leuzen op de gevel van de moskee gekalkt; het bestuur heeft aangifte gedaan.")

    /// The problems a validation reports, as `field:code`.
    static func problems<T>(_ validate: () throws(DomainError) -> T) -> Set<String> {
        do {
            _ = try validate()
            return []
        } catch {
            guard case .invalid(let errors) = error else { return ["\(error)"] }
            return Set(errors.map { "\($0.field):\($0.code)" })
        }
    }

    @Test("classification: every problem at once; a discriminatory incident needs its grounds, nature and setting; a neighbourhood name is never an address; a tension signal starts as a signal")
    func classification() throws {
        let today = Date(timeIntervalSince1970: 1_796_000_000)  // 2026-11-30
        let wrong = IncidentDraft(kind: "discriminatoir-incident-gebedshuis", occurredOn: "2027-01-01", occurredAt: "25:00", location: "kerkplein",
                                  neighbourhood: "Dorpsstraat 12", grounds: ["kleur"], severity: "", description: "BSN 111222333")
        let found = Self.problems { () throws(DomainError) in try wrong.validated(today: today) }
        #expect(found == ["datum:date_in_future", "tijd:invalid_time", "plaats:invalid_location_kind", "wijk:no_address", "gronden:invalid_ground",
                          "aard:required", "terrein:required", "ernst:required", "beschrijving:personal_identifier_bsn"], "\(found)")
        let valid = try Self.mosque.validated(today: today)
        #expect(valid.grounds == [.religion, .origin] && valid.nature == .vandalism && valid.tensionLevel == nil)
        let tension = try IncidentDraft(kind: "spanning-in-wijk", occurredOn: "2026-11-01", location: "wijk", severity: "midden",
                                        description: "Onrust na een incident bij het winkelcentrum.").validated(today: today)
        #expect(tension.tensionLevel == .signal && tension.grounds.isEmpty && tension.nature == nil, "a tension signal needs no classification")
    }

    @Test("need-to-know: a municipality registers and reads its own; the unit reads only what is shared with it, never changes it; another municipality and an analyst read nothing; every read audited",
          arguments: TestEngine.available)
    func needToKnow(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let delft = try await MeetingUseCaseTests.user(database, "GM0503", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            let analyst = try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }

            let incident = try await service.register(Self.mosque, actor: actor(official))
            #expect(incident.number == "IN-2026-00001" && incident.municipality.rawValue == "GM0637" && incident.status == .registered && !incident.sharedWithUnit)
            let second = try await service.register(Self.mosque, actor: actor(official))
            #expect(second.number == "IN-2026-00002")
            await #expect(throws: DomainError.forbidden) { _ = try await service.register(Self.mosque, actor: actor(advisor)) }
            await #expect(throws: DomainError.forbidden) { _ = try await service.list(.init(), page: PageRequest(), actor: actor(analyst)) }

            #expect(try await service.list(.init(), page: PageRequest(), actor: actor(official)).total == 2)
            #expect(try await service.list(.init(), page: PageRequest(), actor: actor(delft)).total == 0)
            #expect(try await service.list(.init(), page: PageRequest(), actor: actor(advisor)).total == 0, "nothing shared yet")
            let id = incident.id.uppercasedText
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(advisor)) }
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(delft)) }

            let shared = try await service.share(id, with: "szw-ess", true, version: 1, actor: actor(official))
            #expect(shared.sharedWithUnit && shared.version == 2)
            let listed = try await service.list(.init(), page: PageRequest(), actor: actor(advisor))
            #expect(listed.items.map(\.id) == [incident.id])
            let read = try await service.read(id, actor: actor(advisor))
            #expect(read.incident.description == Self.mosque.description && !read.mayKeep)
            await #expect(throws: DomainError.forbidden) {
                _ = try await service.update(id, with: IncidentUpdate(status: "afgesloten"), version: 2, actor: actor(advisor))
            }
            await #expect(throws: DomainError.conflict("incident_changed")) {
                _ = try await service.share(id, with: "szw-ess", false, version: 1, actor: actor(official))
            }
            _ = try await service.share(id, with: "szw-ess", false, version: 2, actor: actor(official))
            await #expect(throws: DomainError.notFound) { _ = try await service.read(id, actor: actor(advisor)) }

            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 50)).items.map(\.event)
            #expect(trail.filter { $0.action == .incidentRead }.count == 1 && trail.filter { $0.action == .incidentListRead }.count == 2)
            #expect(trail.filter { $0.action == .incidentShared }.count == 1 && trail.filter { $0.action == .incidentUnshared }.count == 1)
            #expect(trail.filter { $0.action == .incidentCreated }.count == 2)
        }
    }

    @Test("help from the unit: asking files a request at the unit (channel incident, the kind's need, high urgency for a severe incident) linked both ways, once; the unit reads the incident then, not shared; audited",
          arguments: TestEngine.available)
    func askHelp(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let delft = try await MeetingUseCaseTests.user(database, "GM0503", .municipalOfficial)
            let advisor = try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor)
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }
            let incident = try await service.register(Self.mosque, actor: actor(official))
            let id = incident.id.uppercasedText

            let refused = await Self.asyncProblems { _ = try await service.askHelp(id, question: "Bel 111222333", version: 1, actor: actor(official)) }
            #expect(refused == ["vraag:personal_identifier_bsn"])
            await #expect(throws: DomainError.notFound) { _ = try await service.askHelp(id, question: "Advies", version: 1, actor: actor(delft)) }
            await #expect(throws: DomainError.notFound) { _ = try await service.askHelp(id, question: "Advies", version: 1, actor: actor(advisor)) }

            let filed = try await service.askHelp(id, question: "Hoe organiseren wij een gesprek met de gemeenschap?", version: 1, actor: actor(official))
            #expect(filed.channel == .incident && filed.desk == .expertiseUnit && filed.holder == .expertiseUnit && filed.needs == [.discriminatoryIncident])
            #expect(filed.urgency == .high && filed.requester.rawValue == "GM0637" && filed.title == "Hulp bij incident IN-2026-00001: Zoetermeer")
            #expect(filed.description.hasPrefix("Hoe organiseren wij een gesprek met de gemeenschap?")
                    && filed.description.contains("Vanuit incident IN-2026-00001 (discriminatoir incident rond een gebedshuis)"))
            await #expect(throws: DomainError.conflict("incident_help_asked")) {
                _ = try await service.askHelp(id, question: "Nog een vraag", version: nil, actor: actor(official))
            }

            let read = try await service.read(id, actor: actor(advisor))
            #expect(read.incident.requestID == filed.id && !read.incident.sharedWithUnit && read.history.last?.change == .helpAsked(filed.id))
            #expect(try await service.list(.init(), page: PageRequest(), actor: actor(advisor)).items.map(\.id) == [incident.id])
            #expect(try await service.incident(forRequest: filed.id, actor: actor(advisor))?.id == incident.id)
            #expect(try await service.incident(forRequest: filed.id, actor: actor(delft)) == nil)
            let trail = try await AuditStore(database: database).search(AuditFilter(), page: PageRequest(size: 50)).items.map(\.event.action)
            #expect(trail.filter { $0 == .incidentHelpAsked }.count == 1 && trail.filter { $0 == .requestCreated }.count == 1)
        }
    }

    /// The problems an async use case reports, as `field:code`.
    static func asyncProblems(_ run: () async throws -> Void) async -> Set<String> {
        do {
            try await run()
            return []
        } catch DomainError.invalid(let errors) {
            return Set(errors.map { "\($0.field):\($0.code)" })
        } catch {
            return ["\(error)"]
        }
    }

    @Test("handling: status and tension level change with a note, each a line of the history; a level only for a tension signal; nothing changed refused; a stale version refused",
          arguments: TestEngine.available)
    func handling(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            try await ReferenceData.ensure(in: database, at: Date())
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_000_000))
            let service = Self.service(database, clock: clock)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let actor = Actor(user: official, origin: "192.0.2.3")
            let tension = try await service.register(IncidentDraft(kind: "spanning-in-wijk", occurredOn: "2026-11-01", location: "wijk", neighbourhood: "Meerzicht",
                                                                   severity: "midden", description: "Onrust tussen groepen jongeren na een vechtpartij."), actor: actor)
            let id = tension.id.uppercasedText
            #expect(tension.tensionLevel == .signal)
            func problems(_ update: IncidentUpdate, version: Int) async throws -> Set<String> {
                do {
                    _ = try await service.update(id, with: update, version: version, actor: actor)
                    return []
                } catch DomainError.invalid(let errors) { return Set(errors.map { "\($0.field):\($0.code)" }) }
            }
            #expect(try await problems(IncidentUpdate(tensionLevel: "escalatie"), version: 1) == ["toelichting:required"], "a new level says what was seen")
            #expect(try await problems(IncidentUpdate(status: "geregistreerd"), version: 1) == ["status:nothing_changed"])
            #expect(try await problems(IncidentUpdate(status: "weg", tensionLevel: "heftig", note: "x"), version: 1)
                    == ["status:invalid_incident_status", "spanningsniveau:invalid_tension_level"])
            clock.advance(by: 86_400)
            let escalated = try await service.update(id, with: IncidentUpdate(status: "in-behandeling", tensionLevel: "escalatie",
                                                                             note: "Tweede confrontatie; overleg met politie en jongerenwerk."), version: 1, actor: actor)
            #expect(escalated.status == .handling && escalated.tensionLevel == .escalation && escalated.version == 2)
            await #expect(throws: DomainError.conflict("incident_changed")) {
                _ = try await service.update(id, with: IncidentUpdate(tensionLevel: "de-escalatie", note: "Rustiger"), version: 1, actor: actor)
            }
            clock.advance(by: 86_400 * 14)
            _ = try await service.update(id, with: IncidentUpdate(status: "monitoring", tensionLevel: "de-escalatie", note: "Rustig sinds het wijkgesprek."),
                                         version: 2, actor: actor)
            let view = try await service.read(id, actor: actor)
            let changes = view.history.map(\.change)
            #expect(changes == [.registered(.registered), .tension(from: nil, to: .signal), .status(from: .registered, to: .handling),
                                .tension(from: .signal, to: .escalation), .status(from: .handling, to: .monitoring), .tension(from: .escalation, to: .deescalation)])
            #expect(view.history.last?.note == "Rustig sinds het wijkgesprek." && view.names[official.id] == official.name)

            let mosque = try await service.register(Self.mosque, actor: actor)
            let notTension = Self.problems { () throws(DomainError) in try IncidentUpdate(tensionLevel: "spanning", note: "x").validated(for: mosque) }
            #expect(notTension == ["spanningsniveau:not_a_tension"])
        }
    }
}
