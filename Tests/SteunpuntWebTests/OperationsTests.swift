import Foundation
import Hummingbird
import HummingbirdTesting
import SteunpuntApp
import SteunpuntStorage
import SteunpuntTestSupport
import Testing
@testable import SteunpuntWeb

@Suite("Operations and configuration")
struct OperationsTests {
    @Test("liveness, readiness (with the database) and metrics answer", arguments: TestEngine.available)
    func probes(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, _ in
            let live = try await client.executeRequest(uri: "/health/live", method: .get, headers: [:], body: nil)
            #expect(live.status == .ok)
            // Waited for: on a loaded machine (the whole suite at once) one probe may miss its bound.
            let ready = try await Self.firstReady(client)
            #expect(ready.status == .ok)
            #expect(try ready.json()["database"] as? String == engine.rawValue)
            _ = try await client.executeRequest(uri: "/api/v1/gemeenten", method: .get, headers: [:], body: nil)
            let metrics = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(metrics.status == .ok)
            #expect(metrics.text.contains("hb_requests"))
        }
    }

    @Test("/metrics carries the business gauges: the mail outbox, destruction lists under way, each job's last good round")
    func businessGauges() async throws {
        try await TestApp.with { client, database in
            let outbox = MailOutboxStore(database: database, box: try SecretBox(key: Data(repeating: 7, count: SecretBox.keyLength)))
            for n in 0..<3 { try await outbox.enqueue(OutgoingMail(purpose: "test", recipient: "a\(n)@gemeente.example", subject: "Test", body: "Tekst"), at: Date()) }
            let given = try #require(try await outbox.due(at: Date()).first)
            try await outbox.markFailed(given.id, error: "550", retryAt: nil, at: Date())
            let started = Date().timeIntervalSince1970
            // The metrics are the process's: another test's gauge service may record its own figures in
            // between, so this one goes round every 200 ms (the loop every job runs) until its figures
            // and a last good round of its own stand, then it is cancelled.
            let gauges = BusinessGaugeService(outbox: outbox, webhooks: nil, retention: RetentionStore(database: database), logger: TestDatabase.logger,
                                              interval: .milliseconds(200))
            let run = Task { try await gauges.run() }
            func lastRound(_ text: String) -> Double {
                let line = text.split(separator: "\n").first { $0.hasPrefix("steunpunt_job_last_success_seconds{job=\"business gauges\"}") }
                return line.flatMap { Double($0.split(separator: " ").last ?? "") } ?? 0
            }
            func ours(_ text: String) -> Bool {
                text.contains("steunpunt_mail_outbox{stand=\"wachtend\"} 2") && text.contains("steunpunt_mail_outbox{stand=\"opgegeven\"} 1")
                    && text.contains("steunpunt_destruction_lists{stand=\"in-beoordeling\"} 0") && lastRound(text) >= started.rounded(.down)
            }
            var text = ""
            for _ in 0..<300 where !ours(text) {
                try await Task.sleep(for: .milliseconds(100))
                text = try await client.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil).text
            }
            run.cancel()
            #expect(ours(text), "the outbox's figures, no list in review and a last good round of the service's own: \(text)")
        }
    }

    @Test("readiness fails when the database is gone; pages and the API answer 503 with Retry-After, not 500")
    func notReady() async throws {
        try await TestApp.with { client, database in
            await database.close()
            let ready = try await client.executeRequest(uri: "/health/ready", method: .get, headers: [:], body: nil)
            #expect(ready.status == .serviceUnavailable && ready.headers[.retryAfter] == "5")
            let api = try await client.executeRequest(uri: "/api/v1/gemeenten", method: .get, headers: [:], body: nil)
            #expect(api.status == .serviceUnavailable && api.headers[.retryAfter] == "5" && api.headers[.contentType] == "application/problem+json")
            #expect(try api.json()["code"] as? String == "database_unavailable")
            let page = try await client.executeRequest(uri: "/gemeenten", method: .get, headers: [:], body: nil)
            #expect(page.status == .serviceUnavailable && page.headers[.retryAfter] == "5" && page.text.contains("even niet bereikbaar"))
        }
    }

    @Test("readiness fails when the database answers but refuses writes (a full disk)", arguments: TestEngine.available)
    func refusesWrites(engine: TestEngine) async throws {
        try await TestApp.with(engine) { client, database in
            // Ready first (waited for: on a loaded machine the probe's write may miss its 2-second bound once).
            #expect(try await Self.firstReady(client).status == .ok)
            // A write refused as a full disk or a read-only database refuses it; reads still answer.
            try await database.sql.raw(engine == .sqlite
                ? "CREATE TRIGGER health_probe_refused BEFORE INSERT ON health_probe BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
                : "CREATE RULE health_probe_refused AS ON INSERT TO health_probe DO INSTEAD SELECT 1/0").run()
            // Reads still answer (waited for as long as the suite's load needs: the probe's bound is what the next line tests).
            try await database.ping(timeout: .seconds(60))
            let ready = try await client.executeRequest(uri: "/health/ready", method: .get, headers: [:], body: nil)
            #expect(ready.status == .serviceUnavailable)
        }
    }

    /// The first ready answer within 15 tries a second apart, or the last answer.
    /// The first ready answer within a minute: the probe's write has a 2-second bound, and
    /// under the whole suite on two cores (every test at once) probes in a row missed it for
    /// 50 seconds; a healthy database must answer within the minute all the same.
    static func firstReady(_ client: some TestClientProtocol) async throws -> TestResponse {
        let clock = ContinuousClock(), deadline = clock.now.advanced(by: .seconds(60))
        var answer = try await client.executeRequest(uri: "/health/ready", method: .get, headers: [:], body: nil)
        while answer.status != .ok && clock.now < deadline {
            try await Task.sleep(for: .seconds(1))
            answer = try await client.executeRequest(uri: "/health/ready", method: .get, headers: [:], body: nil)
        }
        return answer
    }

    @Test("configuration has safe defaults")
    func defaults() throws {
        let configuration = try AppConfiguration.load(environment: [:])
        #expect(configuration.host == "127.0.0.1" && configuration.port == 8080)
        #expect(configuration.databaseURL == .sqlite(path: "var/steunpunt.sqlite"))
        #expect(configuration.bcryptCost == 12)
        #expect(!configuration.isTLS)
    }

    @Test("every configuration problem is reported at once")
    func problems() {
        do {
            _ = try AppConfiguration.load(environment: [
                "STEUNPUNT_PORT": "http", "STEUNPUNT_DATABASE_URL": "mysql://x", "STEUNPUNT_LOG_LEVEL": "loud",
                "STEUNPUNT_BCRYPT_COST": "2", "STEUNPUNT_PUBLIC_URL": "steunpunt.nl",
                "STEUNPUNT_TWO_STEP_REQUIRED": "nobody", "STEUNPUNT_ENCRYPTION_KEY": "c2hvcnQ=",
                "STEUNPUNT_OIN": "1234", "STEUNPUNT_WEBHOOK_ALLOW_HTTP": "ja", "STEUNPUNT_TRUSTED_PROXIES": "127.0.0.1, nginx",
                "STEUNPUNT_RETENTION": "incident=P1M",
            ])
            Issue.record("a broken configuration was accepted")
        } catch {
            let text = error.description
            for name in ["STEUNPUNT_PORT", "STEUNPUNT_DATABASE_URL", "STEUNPUNT_LOG_LEVEL", "STEUNPUNT_BCRYPT_COST", "STEUNPUNT_PUBLIC_URL",
                         "STEUNPUNT_TWO_STEP_REQUIRED", "STEUNPUNT_ENCRYPTION_KEY", "STEUNPUNT_OIN", "STEUNPUNT_WEBHOOK_ALLOW_HTTP",
                         "STEUNPUNT_TRUSTED_PROXIES: 'nginx' is not an IP address", "STEUNPUNT_RETENTION: incident=P1M"] {
                #expect(text.contains(name), "\(name) missing from: \(text)")
            }
        }
    }

    @Test("the client's address: X-Forwarded-For read only from a trusted proxy, from the right, past the trusted ones; anything odd keeps the connection's")
    func clientAddress() {
        let proxies: Set<String> = ["127.0.0.1", "10.0.0.5"]
        func client(_ peer: String?, _ headers: [String]) -> String? { ClientAddressMiddleware.client(peer: peer, forwardedFor: headers, trusted: proxies) }
        #expect(client("198.51.100.9", ["203.0.113.7"]) == "198.51.100.9", "a client that is no proxy cannot name another address")
        #expect(client("127.0.0.1", ["203.0.113.7"]) == "203.0.113.7")
        #expect(client("127.0.0.1", ["192.0.2.66, 203.0.113.7, 10.0.0.5"]) == "203.0.113.7", "the address the first trusted proxy saw, not what the client wrote")
        #expect(client("127.0.0.1", ["192.0.2.66", "203.0.113.7"]) == "203.0.113.7", "several header lines read as one list")
        #expect(client("127.0.0.1", ["2001:db8::1"]) == "2001:db8::1")
        #expect(client("127.0.0.1", ["10.0.0.5"]) == "10.0.0.5", "only proxies: the first")
        #expect(client("127.0.0.1", []) == "127.0.0.1")
        #expect(client("127.0.0.1", ["unknown, 203.0.113.7"]) == "127.0.0.1", "a list that is not addresses is not believed")
        #expect(client(nil, ["203.0.113.7"]) == nil)
        let configured = try? AppConfiguration.load(environment: ["STEUNPUNT_TRUSTED_PROXIES": " 127.0.0.1 , ::1 "])
        #expect(configured?.trustedProxies == ["127.0.0.1", "::1"])
    }

    @Test("flags override the environment; https turns on TLS behaviour")
    func overrides() throws {
        let configuration = try AppConfiguration.load(environment: ["STEUNPUNT_PORT": "9000", "STEUNPUNT_PUBLIC_URL": "https://steunpunt.example"],
                                                      overrides: [.port: "9001"])
        #expect(configuration.port == 9001)
        #expect(configuration.isTLS)
        #expect(configuration.apiURL == "https://steunpunt.example/api/v1", "webhook events point into the API at the public address")
        let named = try AppConfiguration.load(environment: ["STEUNPUNT_OIN": "00000001234567890000", "STEUNPUNT_WEBHOOK_ALLOW_HTTP": "true"])
        let plain = try AppConfiguration.load(environment: [:])
        #expect(named.oin == "00000001234567890000" && named.webhookAllowHTTP && !plain.webhookAllowHTTP && plain.oin == nil)
        #expect(plain.apiURL == "http://127.0.0.1:8080/api/v1")
    }
}
