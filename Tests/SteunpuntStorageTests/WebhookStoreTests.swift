import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
@testable import SteunpuntStorage

@Suite("Webhooks in storage: a change queues its events for the subscriptions that may see it, in its transaction")
struct WebhookStoreTests {
    static let box = try! SecretBox(key: Data(repeating: 7, count: SecretBox.keyLength))

    @Test("only an organisation that may see the request, only the types and municipalities asked for; ended subscriptions get nothing; one sender per attempt",
          arguments: TestEngine.available)
    func queueing(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let now = Date(timeIntervalSince1970: 1_796_000_000)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let official = try await IdentityStoreTests.makeUser(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let desk = try await IdentityStoreTests.makeUser(database, email: "lotte@vng.example", organisation: "vng-loket", role: .deskAgent)
            let store = WebhookStore(database: database, box: Self.box)
            func subscribe(_ organisation: String, _ types: [String], _ municipalities: [String] = []) async throws -> WebhookSubscription {
                let valid = try WebhookSubscriptionDraft(organisation: organisation, callback: "https://zaken.example/\(organisation)", types: types, municipalities: municipalities,
                                                         authorization: "Bearer \(organisation)").validated()
                return try await store.create(valid, secret: WebhookSignature.newSecret(), id: UUID(),
                                              by: admin.id, at: now)
            }
            let all = WebhookEvent.requestTypes
            let zoetermeer = try await subscribe("GM0637", all)
            let rotterdam = try await subscribe("GM0599", all)
            let vngFiled = try await subscribe("vng-loket", ["nl.steunpunt.hulpvraag.ingediend.v1"])
            let vngElsewhere = try await subscribe("vng-loket", all, ["GM0363"])
            let ended = try await subscribe("GM0637", all)
            let (endedOnce, endedTwice) = (try await store.end(ended.id, reason: "opgezegd", at: now), try await store.end(ended.id, reason: "x", at: now))
            #expect(endedOnce && !endedTwice)

            let requests = RequestStore(database: database)
            let valid = try RequestDraft(title: "Spanning in de wijk", description: "Vertrouwelijk", requester: "GM0637", municipality: "GM0637",
                                         needs: ["informatievraag"], channel: "vng-loket").validated(knownNeeds: [NeedCode("informatievraag")!])
            let request = try await requests.create(valid, id: UUID(), desk: .vngDesk, createdBy: official.id, at: now,
                                                    targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 30))
            let (next, change) = try requests.workflow.apply(.reply, to: request, by: desk, at: now, targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 30))
            _ = try await requests.save(next, previous: request, change: change, at: now)

            func types(_ subscription: WebhookSubscription) async throws -> [String] {
                try await store.deliveries(of: subscription.id).map(\.eventType).sorted()
            }
            #expect(try await types(zoetermeer) == ["nl.steunpunt.hulpvraag.bericht.v1", "nl.steunpunt.hulpvraag.ingediend.v1"], "the requester sees its request")
            #expect(try await types(vngFiled) == ["nl.steunpunt.hulpvraag.ingediend.v1"], "the desk, only the type it asked for")
            #expect(try await types(rotterdam).isEmpty, "another municipality may not see it")
            #expect(try await types(vngElsewhere).isEmpty, "filtered to Amsterdam")
            #expect(try await types(ended).isEmpty)
            let delivery = try #require(try await store.deliveries(of: zoetermeer.id).first)
            #expect(delivery.subject == request.number && delivery.objectID == request.id.uuidString.lowercased() && delivery.data["status"] != nil)
            #expect(!delivery.data.values.contains { $0.contains("Vertrouwelijk") || $0.contains("Spanning") }, "identifiers only")
            let same = try await store.deliveries(of: vngFiled.id).first?.eventID
            #expect(try await store.deliveries(of: zoetermeer.id).contains { $0.eventID == same }, "one event, one id, for every subscription")

            let due = try await store.due(at: now)
            #expect(due.count == 3)
            async let first = store.claim(due[0].id, at: now, leaseEnd: now.addingTimeInterval(60))
            async let second = store.claim(due[0].id, at: now, leaseEnd: now.addingTimeInterval(60))
            let (a, b) = try await (first, second)
            #expect(a != b, "one sender per attempt")
            try await store.markFailed(due[0].id, status: 500, error: "HTTP 500", retryAt: nil, at: now)
            #expect(try await store.redeliver(due[0].id, subscription: due[0].subscription, at: now))
            try await store.markDelivered(due[0].id, status: 204, at: now)
            #expect(try await store.due(at: now).count == 2)
            // The gauges' counts: two waiting; then one failing and one given up.
            #expect(try await store.deliveryStates() == (waiting: 2, failing: 0, givenUp: 0))
            try await store.markFailed(due[1].id, status: 503, error: "HTTP 503", retryAt: now.addingTimeInterval(60), at: now)
            try await store.markFailed(due[2].id, status: 410, error: "HTTP 410", retryAt: nil, at: now)
            #expect(try await store.deliveryStates() == (waiting: 0, failing: 1, givenUp: 1))
            let credentials = try #require(try await store.credentials(zoetermeer.id))
            #expect(credentials.authorization == "Bearer GM0637" && credentials.secret.hasPrefix("whsec_"))
            let stored = try await database.sql.select().column("authorization_value").from("webhook_subscriptions").all()
                .map { try $0.decode(column: "authorization_value", as: String.self) }
            #expect(stored.allSatisfy { $0.hasPrefix("enc1:") }, "credentials encrypted at rest")
        }
    }
}

@Suite("Webhook deliveries' retention: what arrived or was given up before the period goes, with ended subscriptions left without a log")
struct WebhookRetentionTests {
    @Test("delivered and given-up deliveries before the cutoff go, waiting and failing ones stay; an ended subscription goes once its log is empty; audited",
          arguments: TestEngine.available)
    func prune(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, _ async throws in
            let then = Date(timeIntervalSince1970: 1_780_000_000), now = then.addingTimeInterval(200 * 86_400)
            let admin = try await IdentityStoreTests.makeUser(database, email: "b@nctv.example", organisation: "nctv", role: .administrator)
            let official = try await IdentityStoreTests.makeUser(database, email: "gina@zoetermeer.example", organisation: "GM0637", role: .municipalOfficial)
            let store = WebhookStore(database: database, box: WebhookStoreTests.box)
            func subscribe() async throws -> WebhookSubscription {
                let valid = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "https://zaken.example/hook", types: WebhookEvent.requestTypes,
                                                         municipalities: [], authorization: "Bearer x").validated()
                return try await store.create(valid, secret: WebhookSignature.newSecret(), id: UUID(), by: admin.id, at: then)
            }
            let live = try await subscribe(), ending = try await subscribe()
            let requests = RequestStore(database: database)
            for title in ["Eerste", "Tweede", "Derde", "Vierde"] {
                let valid = try RequestDraft(title: title, description: "Toelichting", requester: "GM0637", municipality: "GM0637",
                                             needs: ["informatievraag"], channel: "vng-loket").validated(knownNeeds: [NeedCode("informatievraag")!])
                _ = try await requests.create(valid, id: UUID(), desk: .vngDesk, createdBy: official.id, at: then,
                                              targets: DeadlineTargets(firstResponseDays: 3, resolutionDays: 30))
            }
            let deliveries = try await store.deliveries(of: live.id).sorted { $0.subject < $1.subject }
            let endingLog = try await store.deliveries(of: ending.id)
            #expect(deliveries.count == 4 && endingLog.count == 4)
            try await store.markDelivered(deliveries[0].id, status: 204, at: then)
            try await store.markFailed(deliveries[1].id, status: 410, error: "HTTP 410", retryAt: nil, at: then)
            try await store.markFailed(deliveries[2].id, status: 503, error: "HTTP 503", retryAt: now, at: then)
            try await store.markDelivered(deliveries[3].id, status: 204, at: now)
            #expect(try await store.end(ending.id, reason: "opgezegd", at: then), "its four deliveries are given up with it")

            let retention = RetentionStore(database: database)
            let cutoff = then.addingTimeInterval(90 * 86_400)
            #expect(try await retention.webhookDeliveriesFinished(before: cutoff) == 6, "the dry run counts what the round removes")
            let pruned = try await retention.pruneWebhookDeliveries(finishedBefore: cutoff, actor: "retention", at: now, batch: 4)
            #expect(pruned.deliveries == 6 && pruned.subscriptions == 1, "in batches of four: four, then two")
            #expect(Set(try await store.deliveries(of: live.id).map(\.id)) == [deliveries[2].id, deliveries[3].id],
                    "one still being retried and one delivered recently stay")
            #expect(try await store.get(ending.id) == nil, "the ended subscription and its secrets are gone")
            #expect(try await store.get(live.id) != nil)
            let entries = try await AuditStore(database: database).search(AuditFilter(action: .webhookDeliveriesPruned), page: PageRequest()).items
            #expect(entries.compactMap(\.event.objectID).sorted() == ["2", "4"], "an audit entry per batch")
            #expect(try await retention.pruneWebhookDeliveries(finishedBefore: cutoff, actor: "retention", at: now) == (0, 0))
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .webhookDeliveriesPruned), page: PageRequest()).total == 2,
                    "a round that removes nothing says nothing")
        }
    }
}
