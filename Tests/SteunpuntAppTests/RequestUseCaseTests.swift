import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

/// The support-request use cases run without an HTTP app: who acts is an `Actor`, as the
/// command line and background jobs will make it. The HTTP tests keep checking transport.
@Suite("Use cases without HTTP: support requests")
struct RequestUseCaseTests {
    static func service(_ database: Database, now: Date) -> RequestService {
        RequestService(requests: RequestStore(database: database), needs: NeedStore(database: database),
                       organisations: OrganisationStore(database: database), users: UserStore(database: database),
                       audit: AuditStore(database: database), routing: RoutingRuleStore(database: database),
                       offerings: OfferingStore(database: database), meetings: MeetingStore(database: database), networks: NetworkStore(database: database), privacy: .standard, publicURL: nil,
                       dependencies: Dependencies(now: { now }, secret: { SecretToken.generate(prefix: $0) }, uuid: { UUID() }))
    }

    static func user(_ database: Database, _ email: String, _ organisation: String, _ role: Role) async throws -> User {
        let draft = try UserDraft(email: email, name: "Test", organisation: organisation, role: role.rawValue).validated()
        return try await UserStore(database: database).create(draft, id: UUID(), passwordHash: "hash", at: Date())
    }

    @Test("a municipality files for itself: its own organisation and municipality by default; the filing and each read are audited with the actor's origin",
          arguments: TestEngine.available)
    func fileAndRead(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let service = Self.service(database, now: now)
            let official = try await Self.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let actor = Actor(user: official, origin: "192.0.2.7")
            let draft = RequestDraft(title: "Spanning na een incident", description: "Wij zoeken advies over de aanpak.", requester: "", municipality: "",
                                     needs: ["maatschappelijke-spanning"], channel: "vng-loket", urgency: "hoog", preferredContact: "")
            let filed = try await service.file(draft, by: official, actor: actor)
            #expect(filed.requester.rawValue == "GM0637" && filed.municipality.rawValue == "GM0637" && filed.status == .received)
            _ = try await service.read(filed.id, by: official, actor: actor)
            let trail = try await AuditStore(database: database).search(AuditFilter(objectType: "request", objectID: filed.id.uuidString), page: PageRequest())
            let actions = trail.items.map(\.event.action)
            #expect(Set(actions) == [.requestCreated, .requestRead], "\(actions)")
            #expect(trail.items.allSatisfy { $0.event.actor == official.id && $0.event.origin == "192.0.2.7" && $0.event.occurredAt == now })
        }
    }

    @Test("the rules hold without HTTP: another municipality may not read a municipality's request (not found, and the refused read leaves no entry); a BSN is refused",
          arguments: TestEngine.available)
    func rules(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let service = Self.service(database, now: Date())
            let official = try await Self.user(database, "gina@zoetermeer.example", "GM0637", .municipalOfficial)
            let other = try await Self.user(database, "rob@rotterdam.example", "GM0599", .municipalOfficial)
            let filed = try await service.file(RequestDraft(title: "Vraag", description: "Uitleg", requester: "", municipality: "", needs: ["informatievraag"],
                                                            channel: "vng-loket", urgency: "normaal", preferredContact: ""),
                                               by: official, actor: Actor(user: official, origin: "cli"))
            await #expect(throws: DomainError.notFound) {
                _ = try await service.read(filed.id, by: other, actor: Actor(user: other, origin: "cli"))
            }
            let reads = try await AuditStore(database: database).search(AuditFilter(action: .requestRead), page: PageRequest())
            #expect(reads.total == 0)
            await #expect(throws: DomainError.invalid([FieldError(field: "omschrijving", code: "personal_identifier_bsn")])) {
                _ = try await service.file(RequestDraft(title: "Vraag", description: "Over BSN 111222333", requester: "", municipality: "",
                                                        needs: ["informatievraag"], channel: "vng-loket", urgency: "normaal", preferredContact: ""),
                                           by: official, actor: Actor(user: official, origin: "cli"))
            }
            let own = try await RequestStore(database: database).list(RequestFilter(), scope: .requester(OrganisationID("GM0637")!), page: PageRequest())
            #expect(own.total == 1, "the refused one was not stored")
        }
    }
}
