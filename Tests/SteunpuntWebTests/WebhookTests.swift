import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SQLKit
import SteunpuntApp
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

/// Webhooks end to end against a real HTTP receiver (`tests/webhooks/receiver.py`), which
/// checks every delivery on its own: the CloudEvents attributes, the Authorization header
/// and the Standard Webhooks signature. The app's own background services do not run
/// here: each test runs the delivery rounds itself.
@Suite("Webhooks: administrators register subscriptions (with a handshake), events arrive signed and minimal, failures are retried, given up, redelivered")
struct WebhookTests {
    struct Callers {
        let admin: RequestAPITests.Caller
        let desk: RequestAPITests.Caller
        let official: RequestAPITests.Caller
        let client: any TestClientProtocol

        func send(_ who: RequestAPITests.Caller, _ method: HTTPRequest.Method, _ path: String, _ json: String = "") async throws -> TestResponse {
            try await client.executeRequest(uri: "/api/v1" + path, method: method, headers: [.authorization: who.auth, .contentType: "application/json"],
                                            body: json.isEmpty ? nil : ByteBuffer(string: json))
        }
    }

    static func callers(_ client: any TestClientProtocol, _ database: Database) async throws -> Callers {
        func caller(_ email: String, _ organisation: String, _ role: Role) async throws -> RequestAPITests.Caller {
            let user = try await TestApp.user(database, email: email, organisation: organisation, role: role)
            return RequestAPITests.Caller(client: client, auth: try await TestApp.bearer(database, user: user, scopes: [.read, .write]))
        }
        return Callers(admin: try await caller("beheer@nctv.example", "nctv", .administrator),
                       desk: try await caller("lotte@vng.example", "vng-loket", .deskAgent),
                       official: try await caller("gina@zoetermeer.example", "GM0637", .municipalOfficial), client: client)
    }

    static func names(_ response: TestResponse) throws -> Set<String> {
        Set((try response.json()["invalidParams"] as? [[String: Any]] ?? []).compactMap { "\($0["name"] ?? "")/\($0["code"] ?? "")" })
    }

    @Test("registering: every problem at once, a handshake the receiver must answer 2xx, the secret shown once, administrators only, audited",
          arguments: TestEngine.available)
    func registering(engine: TestEngine) async throws {
        try await HTTPReceiver.with { receiver in
            try await TestApp.with(engine, clock: TestClock(Date()), environment: ["STEUNPUNT_WEBHOOK_ALLOW_HTTP": "true"], backgroundServices: false) { client, database in
                let who = try await Self.callers(client, database)
                let empty = try await who.admin.post("/abonnementen", "{}")
                #expect(empty.status == .badRequest)
                #expect(try Self.names(empty) == ["organisatie/required", "callbackUrl/required", "typen/required"])
                let body = #"{"organisatie":"GM0637","callbackUrl":"\#(receiver.url("zaken"))","typen":["nl.steunpunt.hulpvraag.bericht.v1"],"authorization":"Bearer zoetermeer"}"#
                let forbidden = try await who.desk.post("/abonnementen", body)
                #expect(forbidden.status == .forbidden, "administrators only")
                #expect(try await who.desk.get("/abonnementen").status == .forbidden)

                try receiver.plan("weigert", "500")
                let refused = try await who.admin.post("/abonnementen", body.replacingOccurrences(of: "/zaken/", with: "/weigert/"))
                #expect(refused.status == .badRequest)
                #expect(try Self.names(refused) == ["callbackUrl/handshake_failed"])
                let refusedHandshakes = try await receiver.received("weigert", atLeast: 1)
                #expect(refusedHandshakes.count == 1)
                let unknown = try await who.admin.post("/abonnementen", body.replacingOccurrences(of: "GM0637", with: "GM9999"))
                #expect(unknown.status == .badRequest)
                #expect(try Self.names(unknown) == ["organisatie/unknown_organisation"])

                try receiver.expect("zaken", authorization: "Bearer zoetermeer", secret: nil)
                let created = try await who.admin.post("/abonnementen", body)
                #expect(created.status == .created, "\(created.text)")
                let subscription = try created.json()
                let id = try #require(subscription["id"] as? String)
                #expect(created.headers[.location] == "/api/v1/abonnementen/\(id)")
                #expect((subscription["geheim"] as? String)?.hasPrefix("whsec_") == true && subscription["status"] as? String == "actief")
                #expect(subscription["authorization"] == nil, "the Authorization value is never shown")
                let handshake = try #require(try await receiver.received("zaken", atLeast: 1).first)
                #expect(handshake.problems.isEmpty, "\(handshake.problems)")
                #expect(handshake.event?.type == "nl.steunpunt.abonnement.test.v1" && handshake.event?.data == ["abonnement": id])

                let shown = try await who.admin.get("/abonnementen/\(id)")
                #expect(shown.status == .ok)
                #expect(try shown.json()["geheim"] == nil, "the secret is shown once")
                let all = try await who.admin.get("/abonnementen").json()
                #expect(all["totaal"] as? Int == 1)
                let actions = try await database.sql.select().column("action").from("audit_events").where("object_id", .equal, id.uppercased()).all()
                    .map { try $0.decode(column: "action", as: String.self) }
                #expect(actions == ["webhook.subscribe"])

                #expect(try await who.send(who.admin, .delete, "/abonnementen/\(id)").status == .noContent)
                #expect(try await who.send(who.admin, .delete, "/abonnementen/\(id)").status == .conflict)
                #expect(try await who.admin.get("/abonnementen/\(id)").json()["status"] as? String == "beeindigd")
            }
        }
    }

    @Test("events arrive signed with identifiers only; 500 is retried after the backoff, 429 after Retry-After, given up after the last step (administrators told, redelivered by hand); 410 ends the subscription",
          arguments: TestEngine.available)
    func delivery(engine: TestEngine) async throws {
        let clock = TestClock(Date())
        try await HTTPReceiver.with { receiver in
            try await TestApp.with(engine, clock: clock, environment: ["STEUNPUNT_WEBHOOK_ALLOW_HTTP": "true"], backgroundServices: false) { client, database in
                let who = try await Self.callers(client, database)
                // The receiver checks each event's time against the real clock (at most 5
                // minutes off): the setup may have taken minutes with the whole suite running.
                clock.set(Date())
                try receiver.expect("zaken", authorization: "Bearer zoetermeer", secret: nil)
                let created = try await who.admin.post("/abonnementen", #"""
                    {"organisatie":"GM0637","callbackUrl":"\#(receiver.url("zaken"))","typen":["nl.steunpunt.hulpvraag.ingediend.v1","nl.steunpunt.hulpvraag.bericht.v1"],"authorization":"Bearer zoetermeer"}
                    """#).json()
                let subscription = try #require(created["id"] as? String)
                try receiver.expect("zaken", authorization: "Bearer zoetermeer", secret: try #require(created["geheim"] as? String))
                let service = WebhookDeliveryService(store: WebhookStore(database: database, box: TestApp.box), source: "urn:nld:steunpunt",
                                                     api: "https://steunpunt.example/api/v1", interval: .seconds(1), now: { clock.now },
                                                     logger: TestDatabase.logger)

                let filed = try await who.official.post("/hulpvragen", #"""
                    {"titel":"Spanning rond de moskee","omschrijving":"Vertrouwelijke uitleg","behoeften":["informatievraag"],"kanaal":"vng-loket"}
                    """#)
                let requestID = try #require(try filed.json()["id"] as? String)
                #expect(try await service.deliverDue() == 1)
                let first = try #require(try await receiver.received("zaken", atLeast: 2).last)
                #expect(first.problems.isEmpty, "\(first.problems)")
                let event = try #require(first.event)
                #expect(event.type == "nl.steunpunt.hulpvraag.ingediend.v1" && event.dataref == "https://steunpunt.example/api/v1/hulpvragen/\(requestID)")
                #expect(event.data["hulpvraag"] == requestID && event.data["gemeente"] == "GM0637" && event.source == "urn:nld:steunpunt")
                #expect(!event.data.values.contains { $0.contains("Spanning") || $0.contains("Vertrouwelijk") }, "identifiers only")

                func message(_ text: String) async throws {
                    clock.advance(by: 1)  // each event later than the one before: the log is newest first
                    #expect(try await who.desk.post("/hulpvragen/\(requestID)/berichten", #"{"tekst":"\#(text)"}"#).status == .created)
                }
                func log() async throws -> [[String: Any]] {
                    try await who.admin.get("/abonnementen/\(subscription)/afleveringen").json()["resultaten"] as? [[String: Any]] ?? []
                }
                // 500: tried again after 10 s, with the same event id and body.
                try receiver.plan("zaken", "500")
                try await message("Eerste reactie")
                #expect(try await service.deliverDue() == 0)
                var entry = try #require(try await log().first)
                #expect(entry["status"] as? String == "wachtend" && entry["pogingen"] as? Int == 1 && entry["laatsteStatuscode"] as? Int == 500)
                #expect(try await service.deliverDue() == 0, "not again before the backoff")
                #expect(try await receiver.received("zaken").count == 3)
                clock.advance(by: 11)
                #expect(try await service.deliverDue() == 1)
                let tries = try await receiver.received("zaken", atLeast: 4).suffix(2)
                #expect(tries.map(\.status) == [500, 204] && Set(tries.compactMap(\.event?.id)).count == 1 && tries.allSatisfy(\.problems.isEmpty))
                entry = try #require(try await log().first)
                #expect(entry["status"] as? String == "bezorgd" && entry["pogingen"] as? Int == 2)

                // 429 with Retry-After: 120 waits 120 s, not the 10 s backoff.
                try receiver.plan("zaken", "429:120")
                try await message("Tweede reactie")
                #expect(try await service.deliverDue() == 0)
                clock.advance(by: 60)
                #expect(try await service.deliverDue() == 0, "Retry-After is honoured")
                clock.advance(by: 61)
                #expect(try await service.deliverDue() == 1)

                // Every step fails: given up after the last, the administrators are told, sent again by hand.
                try receiver.plan("zaken", Array(repeating: "503", count: WebhookDeliveryPolicy.backoff.count + 1).joined(separator: " "))
                try await message("Derde reactie")
                for _ in 0...WebhookDeliveryPolicy.backoff.count {
                    #expect(try await service.deliverDue() == 0)
                    // The backoff's wait, without moving the clock hours away from the signature's timestamp.
                    try await database.sql.update("webhook_deliveries").set("next_attempt_at", to: clock.now).where("delivered_at", .is, SQLLiteral.null)
                        .where("failed_at", .is, SQLLiteral.null).run()
                }
                entry = try #require(try await log().first)
                #expect(entry["status"] as? String == "opgegeven" && entry["pogingen"] as? Int == WebhookDeliveryPolicy.backoff.count + 1)
                let alerts = try await who.admin.get("/meldingen").json()["resultaten"] as? [[String: Any]] ?? []
                #expect(alerts.map { $0["soort"] as? String } == ["webhook-niet-bezorgd"])
                let undelivered = try await who.admin.get("/abonnementen/\(subscription)/afleveringen?nietBezorgd=true").json()
                #expect(undelivered["totaal"] as? Int == 1)
                let deliveryID = try #require(entry["id"] as? String)
                let path = "/abonnementen/\(subscription)/afleveringen/\(deliveryID)/herbezorging"
                #expect(try await who.admin.post(path, "").status == .accepted)
                #expect(try await who.admin.post(path, "").status == .conflict, "only a given-up delivery")
                #expect(try await service.deliverDue() == 1)

                // 410: the receiver retired the endpoint; the subscription ends and gets nothing more.
                try receiver.plan("zaken", "410")
                try await message("Vierde reactie")
                #expect(try await service.deliverDue() == 0)
                let ended = try await who.admin.get("/abonnementen/\(subscription)").json()
                #expect(ended["status"] as? String == "beeindigd" && ended["redenBeeindiging"] as? String == "410 Gone")
                try await message("Vijfde reactie")
                #expect(try await log().count == 5, "the filing and four messages; nothing queued for an ended subscription")
                #expect(try await receiver.received("zaken").allSatisfy(\.problems.isEmpty))
            }
        }
    }

    @Test("two instances on one database deliver each event exactly once", arguments: TestEngine.available)
    func twoInstances(engine: TestEngine) async throws {
        let clock = TestClock(Date())
        try await HTTPReceiver.with { receiver in
            try await TestApp.with(engine, clock: clock, environment: ["STEUNPUNT_WEBHOOK_ALLOW_HTTP": "true"], backgroundServices: false) { client, database in
                let who = try await Self.callers(client, database)
                // The receiver checks each event's time against the real clock (at most 5
                // minutes off): the setup may have taken minutes with the whole suite running.
                clock.set(Date())
                let created = try await who.admin.post("/abonnementen", #"""
                    {"organisatie":"GM0637","callbackUrl":"\#(receiver.url("twee"))","typen":["nl.steunpunt.hulpvraag.ingediend.v1"]}
                    """#)
                #expect(created.status == .created)
                let filed = 40
                for number in 1...filed {
                    let response = try await who.official.post("/hulpvragen", #"{"titel":"Vraag \#(number)","omschrijving":"Uitleg","behoeften":["informatievraag"],"kanaal":"vng-loket"}"#)
                    #expect(response.status == .created)
                }
                // A second server: its own connections to the same database.
                let other = try await Database.open(try #require(TestApp.databaseURL), logger: TestDatabase.logger)
                func instance(_ database: Database) -> WebhookDeliveryService {
                    WebhookDeliveryService(store: WebhookStore(database: database, box: TestApp.box), source: "urn:nld:steunpunt",
                                           api: "https://steunpunt.example/api/v1", interval: .seconds(1), now: { clock.now }, logger: TestDatabase.logger)
                }
                async let first = instance(database).deliverDue()
                async let second = instance(other).deliverDue()
                let (a, b) = try await (first, second)
                await other.close()
                let received = try await receiver.received("twee", atLeast: filed + 1)
                let events = received.compactMap(\.event).filter { $0.type == "nl.steunpunt.hulpvraag.ingediend.v1" }
                // Each event attempted once, by one of the two: every attempt reached the receiver
                // once. (On a loaded machine an answer can come after the 10-second limit; that
                // attempt counts as failed and is tried again later, as at-least-once allows.)
                let attempts = try await database.sql.select().column("attempts").column("last_error").from("webhook_deliveries").all()
                let errors = try attempts.compactMap { try $0.decode(column: "last_error", as: String?.self) }
                #expect(try attempts.map { try $0.decode(column: "attempts", as: Int.self) } == Array(repeating: 1, count: filed), "\(errors.prefix(3))")
                #expect(events.count == filed && Set(events.map(\.id)).count == filed, "each once: \(a) + \(b) delivered, received \(events.count)")
                #expect(a + b + errors.count == filed, "\(errors.prefix(3))")
            }
        }
    }

    @Test("/beheer/koppelingen: administrators see each connected system and what did not arrive, send a given-up event again and end a connection; the alert leads there")
    func pages() async throws {
        try await TestApp.with(clock: TestClock(Date()), backgroundServices: false) { client, database in
            let who = try await Self.callers(client, database)
            let admin = try await TestApp.user(database, email: "b@nctv.example", organisation: "nctv", role: .administrator, name: "Bram Beheer")
            try await TestApp.user(database, email: "desk@vng.example", organisation: "vng-loket", role: .deskAgent)
            let store = WebhookStore(database: database, box: TestApp.box)
            let valid = try WebhookSubscriptionDraft(organisation: "GM0637", callback: "https://zaken.zoetermeer.example/steunpunt",
                                                     types: ["nl.steunpunt.hulpvraag.ingediend.v1"]).validated()
            let subscription = try await store.create(valid, secret: WebhookSignature.newSecret(), id: UUID(), by: admin.id, at: Date())
            let filed = try await who.official.post("/hulpvragen", #"{"titel":"Vraag","omschrijving":"Geheime uitleg","behoeften":["informatievraag"],"kanaal":"vng-loket"}"#)
            let number = try #require(try filed.json()["nummer"] as? String)
            let delivery = try #require(try await store.deliveries(of: subscription.id).first)
            try await store.markFailed(delivery.id, status: 503, error: "HTTP 503", retryAt: nil, at: Date())

            var desk = Browser(client)
            try await desk.signIn("desk@vng.example")
            #expect(try await desk.get("/beheer/koppelingen").status == .forbidden)
            var browser = Browser(client)
            try await browser.signIn("b@nctv.example")
            let alerts = try await browser.get("/meldingen")
            let link = try #require(alerts.text.firstMatch(of: /href="(\/meldingen\/[0-9a-f-]{36})"/)?.output.1)
            let path = "/beheer/koppelingen/\(subscription.id.uuidString.lowercased())"
            #expect(try await browser.get(String(link)).headers[.location] == path)
            let list = try await browser.get("/beheer/koppelingen")
            #expect(list.status == .ok && list.text.contains("zaken.zoetermeer.example") && list.text.contains("href=\"\(path)\""))
            let page = try await browser.get(path + "?niet-bezorgd=1")
            #expect(page.status == .ok && page.text.contains(number) && page.text.contains("HTTP 503") && page.text.contains("Opgegeven op"))
            #expect(page.text.contains("Ingediend bij uw organisatie") && !page.text.contains("Geheime uitleg"))
            let again = "\(path)/afleveringen/\(delivery.id.uuidString.lowercased())/opnieuw"
            #expect(page.text.contains("action=\"\(again)\""))
            #expect(try await browser.post(again, form: []).headers[.location] == path + "?opnieuw=1")
            #expect(try await browser.get(path + "?opnieuw=1").text.contains("staat weer klaar"))
            #expect(try await browser.post(again, form: []).status == .conflict, "not given up any more")
            #expect(try await browser.post(path + "/beeindigen", form: []).headers[.location] == path + "?beeindigd=1")
            let ended = try await browser.get(path + "?beeindigd=1")
            #expect(ended.text.contains("De koppeling is beëindigd") && ended.text.contains("Beëindigd") && !ended.text.contains("/beeindigen\""))
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .webhookRedelivered), page: PageRequest()).total == 1)
            #expect(try await AuditStore(database: database).search(AuditFilter(action: .webhookEnded), page: PageRequest()).total == 1)
        }
    }
}
