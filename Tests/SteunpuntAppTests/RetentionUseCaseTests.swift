import Foundation
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing

@Suite("Use cases without HTTP: retention and destruction lists")
struct RetentionUseCaseTests {
    @Test("separation of duties: only the coordinator reviews and excludes, only an administrator approves or returns; nobody else reads lists",
          arguments: TestEngine.available)
    func duties(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_400_000))   // December 2026
            let service = RetentionService(store: RetentionStore(database: database), schedule: .standard, dependencies: PlanUseCaseTests.dependencies(clock))
            let coordinator = try await MeetingUseCaseTests.user(database, "szw-ess", .unitCoordinator)
            let admin = try await MeetingUseCaseTests.user(database, "nctv", .administrator)
            let desk = try await MeetingUseCaseTests.user(database, "vng-loket", .deskAgent)
            let others = [try await MeetingUseCaseTests.user(database, "szw-ess", .unitAdvisor), try await MeetingUseCaseTests.user(database, "nctv", .auditor),
                          try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial), try await MeetingUseCaseTests.user(database, "nctv", .nationalAnalyst)]
            func actor(_ user: User) -> Actor { Actor(user: user, origin: "192.0.2.3") }

            let requests = RequestStore(database: database)
            let filed = clock.now.addingTimeInterval(-7 * 365 * 86_400)
            let valid = try RequestDraft(title: "Oud", description: "Oud verzoek", requester: "GM0637", municipality: "GM0637", needs: ["informatievraag"],
                                         channel: "vng-loket").validated(knownNeeds: [.information])
            let request = try await requests.create(valid, id: UUID(), desk: .vngDesk, createdBy: desk.id, at: filed, targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            let (done, change) = try RequestWorkflow().apply(.close(outcome: .advised, reason: "Klaar"), to: request, by: desk, at: filed,
                                                             targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            _ = try await requests.save(done, previous: request, change: change, at: filed)
            #expect(try await service.plan().map(\.recordID) == [request.id])
            #expect(try await service.round() == RetentionService.Round(listed: 1, destroyed: 0))
            let list = try #require(try await service.lists(page: PageRequest(), actor: actor(coordinator)).items.first)
            #expect(try await service.waiting(for: coordinator).map(\.id) == [list.id])
            #expect(try await service.waiting(for: admin).isEmpty)

            for user in others {
                await #expect(throws: DomainError.forbidden, "\(user.role)") { try await service.lists(page: PageRequest(), actor: actor(user)) }
                await #expect(throws: DomainError.forbidden, "\(user.role)") { try await service.read(list.id, page: PageRequest(), actor: actor(user)) }
                await #expect(throws: DomainError.forbidden, "\(user.role)") { try await service.records(page: PageRequest(), actor: actor(user)) }
            }
            await #expect(throws: DomainError.unauthenticated) { try await service.lists(page: PageRequest(), actor: Actor(user: nil, origin: nil)) }
            await #expect(throws: DomainError.forbidden) {
                try await service.exclude(.supportRequest, request.id, from: list.id, reason: "Woo-verzoek", actor: actor(admin))
            }
            await #expect(throws: DomainError.forbidden) { try await service.review(list.id, version: list.version, actor: actor(admin)) }
            await #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "required")])) {
                try await service.exclude(.supportRequest, request.id, from: list.id, reason: "  ", actor: actor(coordinator))
            }
            await #expect(throws: DomainError.invalid([FieldError(field: "reden", code: "too_long")])) {
                try await service.exclude(.supportRequest, request.id, from: list.id, reason: String(repeating: "x", count: 501), actor: actor(coordinator))
            }
            await #expect(throws: DomainError.notFound) {
                try await service.exclude(.incident, request.id, from: list.id, reason: "Woo-verzoek", actor: actor(coordinator))
            }
            let view = try await service.read(list.id, page: PageRequest(), actor: actor(coordinator))
            #expect(view.mayExclude && view.mayReview && !view.mayApprove)
            #expect(try await service.read(list.id, page: PageRequest(), actor: actor(admin)).mayExclude == false)
            try await service.review(list.id, version: list.version, actor: actor(coordinator))
            await #expect(throws: DomainError.forbidden) { try await service.approve(list.id, version: list.version + 1, actor: actor(coordinator)) }
            #expect(try await service.waiting(for: admin).map(\.id) == [list.id])
            try await service.approve(list.id, version: list.version + 1, actor: actor(admin))
            #expect(try await service.round() == RetentionService.Round(listed: 0, destroyed: 1))
            #expect(try await service.records(page: PageRequest(), actor: actor(admin)).items.map(\.number) == [request.number])
        }
    }

    @Test("the retention job removes the audit entries past the trail's period (five years) behind a signed checkpoint, and keeps them when the rule says keep",
          arguments: TestEngine.available)
    func auditTrail(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_400_000))   // December 2026
            let audit = AuditStore(database: database)
            for years in [7.0, 6.0, 4.0, 1.0] {
                try await audit.append(AuditEvent(action: .signInSucceeded, actorLabel: "\(Int(years)) jaar", origin: "cli",
                                                  occurredAt: clock.now.addingTimeInterval(-years * 365 * 86_400)))
            }
            let signer = AuditCheckpointSigner(box: try SecretBox(key: SecretBox.newKey()))
            let keep = try RetentionSchedule.configured("audittrail=bewaren").get()
            let kept = RetentionService(store: RetentionStore(database: database), schedule: keep, dependencies: PlanUseCaseTests.dependencies(clock),
                                        auditSigner: signer)
            #expect(try await kept.round().auditEntriesRemoved == 0, "a trail to be kept loses nothing")
            let unsigned = RetentionService(store: RetentionStore(database: database), schedule: .standard, dependencies: PlanUseCaseTests.dependencies(clock))
            #expect(try await unsigned.round().auditEntriesRemoved == 0, "without a key to sign with nothing goes")

            let service = RetentionService(store: RetentionStore(database: database), schedule: .standard, dependencies: PlanUseCaseTests.dependencies(clock),
                                           auditSigner: signer)
            #expect(try await service.round().auditEntriesRemoved == 2, "the entries of seven and six years ago")
            let left = try await audit.search(AuditFilter(action: .signInSucceeded), page: PageRequest()).items.compactMap(\.event.actorLabel)
            #expect(Set(left) == ["4 jaar", "1 jaar"])
            #expect(try await audit.verify(signer: signer).breaks.isEmpty)
        }
    }

    @Test("the retention job removes the webhook deliveries of more than 90 days ago, and none when the rule says keep", arguments: TestEngine.available)
    func webhookDeliveries(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let clock = TestClock(Date(timeIntervalSince1970: 1_796_400_000))   // December 2026
            let then = clock.now.addingTimeInterval(-100 * 86_400), recently = clock.now.addingTimeInterval(-80 * 86_400)
            let admin = try await MeetingUseCaseTests.user(database, "nctv", .administrator)
            let official = try await MeetingUseCaseTests.user(database, "GM0637", .municipalOfficial)
            let webhooks = WebhookStore(database: database, box: try SecretBox(key: SecretBox.newKey()))
            let valid = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "https://zaken.example/hook", types: WebhookEvent.requestTypes,
                                                     municipalities: [], authorization: "").validated()
            let subscription = try await webhooks.create(valid, secret: WebhookSignature.newSecret(), id: UUID(), by: admin.id, at: then)
            let requests = RequestStore(database: database)
            for filed in [then, recently] {
                let draft = try RequestDraft(title: "Vraag", description: "Toelichting", requester: "GM0637", municipality: "GM0637", needs: ["informatievraag"],
                                             channel: "vng-loket").validated(knownNeeds: [.information])
                _ = try await requests.create(draft, id: UUID(), desk: .vngDesk, createdBy: official.id, at: filed,
                                              targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 10))
            }
            for delivery in try await webhooks.deliveries(of: subscription.id) {
                try await webhooks.markDelivered(delivery.id, status: 204, at: delivery.occurredAt)
            }
            func service(_ rules: String) throws -> RetentionService {
                RetentionService(store: RetentionStore(database: database), schedule: try RetentionSchedule.configured(rules).get(),
                                 dependencies: PlanUseCaseTests.dependencies(clock))
            }
            #expect(try await service("webhooklevering=bewaren").round().webhookDeliveriesRemoved == 0)
            #expect(try await service("").webhookDeliveriesDue() == 1)
            #expect(try await service("").round().webhookDeliveriesRemoved == 1, "the one delivered 100 days ago")
            #expect(try await webhooks.deliveries(of: subscription.id).map(\.occurredAt) == [recently])
            #expect(try await service("webhooklevering=P60D").round().webhookDeliveriesRemoved == 1, "a shorter period set by the operator")
        }
    }
}
