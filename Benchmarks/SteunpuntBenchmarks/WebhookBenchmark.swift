import Foundation
import Hummingbird
import Logging
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import Synchronization

/// What webhooks cost a change, and how fast queued events reach a receiver. The same
/// change (a desk's reply to a request) before any subscription exists and with ten that
/// each want its event: the difference is the queueing (one query for the subscriptions
/// that may see the request, one multi-row insert, in the change's transaction). Then `WebhookDeliveryService.deliverDue` over 2,000 queued events to a
/// receiver on the same machine (a Hummingbird server answering 204), for one
/// subscription (its events go one after the other) and for ten (side by side).
enum WebhookBenchmark {
    struct Mismatch: Error, CustomStringConvertible {
        let delivered: Int
        let received: Int
        var description: String { "expected 2,000 events, delivered \(delivered) and received \(received): the database was not fresh" }
    }

    static func run(engine: String, url: DatabaseURL) async throws -> [Measurement] {
        let (database, logger) = try await openBenchmarkDatabase(url)
        let received = Atomic<Int>(0)
        let router = Router()
        router.post("/hook") { request, _ -> HTTPResponse.Status in
            _ = try await request.body.collect(upTo: 1 << 20)
            received.add(1, ordering: .relaxed)
            return .noContent
        }
        let port = Mutex<Int?>(nil)
        var quiet = logger
        quiet.logLevel = .critical  // its shutdown at the end is a cancellation, reported as errors
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                   onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } }, logger: quiet)
        let serving = Task { try await receiver.runService(gracefulShutdownSignals: []) }
        defer { serving.cancel() }
        while port.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        let callback = "http://127.0.0.1:\(port.withLock { $0 }!)/hook"

        let users = UserStore(database: database)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let desk = try await users.create(try UserDraft(email: "desk-\(suffix)@bench.example", name: "Bench", organisation: "vng-loket",
                                                        role: Role.deskAgent.rawValue).validated(), id: UUID(), passwordHash: "x", at: Date())
        let store = RequestStore(database: database)
        let webhooks = WebhookStore(database: database, box: try SecretBox(key: SecretBox.newKey()))
        let targets = DeadlineTargets(firstResponseDays: 3, resolutionDays: 30)
        func request(for municipality: String) async throws -> SupportRequest {
            let valid = try RequestDraft(title: "Vraag", description: "Uitleg", requester: municipality, municipality: municipality,
                                         needs: ["breed-preventieve-aanpak"], channel: "telefoon").validated(knownNeeds: [.preventiveApproach])
            return try await store.create(valid, id: UUID(), desk: .vngDesk, createdBy: desk.id, at: Date(), targets: targets)
        }
        func reply(_ current: inout SupportRequest) async throws {
            let (next, change) = try store.workflow.apply(.reply, to: current, by: desk, at: Date(), targets: targets)
            current = try await store.save(next, previous: current, change: change, at: Date())
        }
        func subscribe(_ organisation: String, count: Int) async throws -> [UUID] {
            let valid = try WebhookSubscriptionDraft(organisation: organisation, callback: callback, types: WebhookEvent.requestTypes)
                .validated(allowPlainHTTP: true)
            var ids: [UUID] = []
            for _ in 0..<count { ids.append(try await webhooks.create(valid, secret: WebhookSignature.newSecret(), id: UUID(), by: desk.id, at: Date()).id) }
            return ids
        }
        let service = WebhookDeliveryService(store: webhooks, source: "urn:nld:steunpunt", api: "https://steunpunt.example/api/v1",
                                             interval: .seconds(5), now: { Date() }, logger: logger)
        var results: [Measurement] = []

        // The cost of queueing: the same change before any subscription exists, and with ten
        // subscriptions of the requesting municipality that each want its event.
        var first = try await request(for: "GM0599")
        results.append(try await measure("a desk's reply to a request, no subscriptions", engine: engine, iterations: 500) { try await reply(&first) })
        let ten = try await subscribe("GM0599", count: 10)
        // Then alternately, so that both see the same machine: a change no subscription may
        // see (the lookup only) and one that queues an event for each of the ten.
        var elsewhere = try await request(for: "GM0014")
        var second = try await request(for: "GM0599")
        let clock = ContinuousClock()
        var (unseen, seen): ([Duration], [Duration]) = ([], [])
        for index in 0..<550 {
            let start = clock.now
            try await reply(&elsewhere)
            let middle = clock.now
            try await reply(&second)
            if index >= 50 { unseen.append(middle - start); seen.append(clock.now - middle) }  // the first 50: warm-up
        }
        results.append(Measurement(name: "a desk's reply to a request, 10 subscriptions elsewhere (lookup only)", engine: engine, samples: unseen))
        results.append(Measurement(name: "a desk's reply to a request, 10 subscriptions, an event each", engine: engine, samples: seen))
        for id in ten { _ = try await webhooks.end(id, reason: "bench", at: Date()) }

        // Delivery: 2,000 queued events, to one subscription and to ten.
        for (subscriptions, label) in [(1, "one subscription"), (10, "ten subscriptions")] {
            let ids = try await subscribe("GM0344", count: subscriptions)
            // Filing queues one event per subscription, each reply one more: 2,000 in all.
            var current = try await request(for: "GM0344")
            for _ in 0..<(2000 / subscriptions - 1) { try await reply(&current) }
            let before = received.load(ordering: .relaxed)
            var samples: [Duration] = []
            var delivered = 0
            while true {
                let start = clock.now
                let round = try await service.deliverDue()
                if round == 0 { break }
                delivered += round
                // One sample per event: the round's time shared over its events.
                samples += Array(repeating: (clock.now - start) / round, count: round)
            }
            guard delivered == 2000, received.load(ordering: .relaxed) - before == 2000 else {
                throw Mismatch(delivered: delivered, received: received.load(ordering: .relaxed) - before)
            }
            let measurement = Measurement(name: "deliver 2,000 queued events to a local receiver, \(label) (per event)", engine: engine, samples: samples)
            FileHandle.standardError.write(Data("| \(measurement.name) | \(engine) | \(String(format: "%.0f", measurement.perSecond)) events/s |\n".utf8))
            results.append(measurement)
            for id in ids { _ = try await webhooks.end(id, reason: "bench", at: Date()) }
        }
        await database.close()
        return results
    }
}
