import Foundation
import HummingbirdTesting
import Logging
import SteunpuntDomain
import SteunpuntStorage
import SteunpuntTestSupport
import Synchronization
import Testing
@testable import SteunpuntWeb

/// Collects what the app logs, for checking what reaches the log.
final class LogCapture: Sendable {
    let lines = Mutex<[String]>([])

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { $1 }
            capture.lines.withLock { $0.append("\(event.message) \(all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))") }
        }
    }
}

@Suite("Request log: routes, never the secrets in links or the words searched")
struct RequestLogTests {
    @Test("an invitation link, a quickscan link and a search are logged by route only")
    func routesOnly() async throws {
        let capture = LogCapture()
        let logger = Logger(label: "capture") { _ in LogCapture.Handler(capture: capture) }
        try await TestDatabase.with(.sqlite) { database, url async throws in
            let environment = AppEnvironment(configuration: try TestApp.configuration(url), database: database, dependencies: .live, logger: logger)
            let app = try await buildApplication(environment)
            try await app.test(.router) { client in
                _ = try await client.executeRequest(uri: "/uitnodiging/geheim-uitnodiging-123", method: .get, headers: [:], body: nil)
                _ = try await client.executeRequest(uri: "/quickscan/qs_geheim456", method: .get, headers: [:], body: nil)
                _ = try await client.executeRequest(uri: "/zoeken?q=vertrouwelijk", method: .get, headers: [:], body: nil)
            }
        }
        let lines = capture.lines.withLock { $0 }.filter { $0.hasPrefix("Request ") }
        #expect(lines.count >= 3, "\(lines)")
        #expect(lines.contains { $0.contains("/uitnodiging/{secret}") } && lines.contains { $0.contains("/quickscan/{secret}") })
        #expect(!lines.contains { $0.contains("geheim") || $0.contains("vertrouwelijk") }, "\(lines)")
    }
}
