import Foundation
import Hummingbird
import HummingbirdTesting
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
            try await database.ping()
            let ready = try await client.executeRequest(uri: "/health/ready", method: .get, headers: [:], body: nil)
            #expect(ready.status == .serviceUnavailable)
        }
    }

    /// The first ready answer within 15 tries a second apart, or the last answer.
    static func firstReady(_ client: some TestClientProtocol) async throws -> TestResponse {
        var answer = try await client.executeRequest(uri: "/health/ready", method: .get, headers: [:], body: nil)
        for _ in 0..<14 where answer.status != .ok {
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
                "STEUNPUNT_OIN": "1234", "STEUNPUNT_WEBHOOK_ALLOW_HTTP": "ja",
            ])
            Issue.record("a broken configuration was accepted")
        } catch {
            let text = error.description
            for name in ["STEUNPUNT_PORT", "STEUNPUNT_DATABASE_URL", "STEUNPUNT_LOG_LEVEL", "STEUNPUNT_BCRYPT_COST", "STEUNPUNT_PUBLIC_URL",
                         "STEUNPUNT_TWO_STEP_REQUIRED", "STEUNPUNT_ENCRYPTION_KEY", "STEUNPUNT_OIN", "STEUNPUNT_WEBHOOK_ALLOW_HTTP"] {
                #expect(text.contains(name), "\(name) missing from: \(text)")
            }
        }
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
