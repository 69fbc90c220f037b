import Foundation
import Logging
import ServiceLifecycle
import SteunpuntStorage
import SteunpuntTestSupport
import Synchronization
import Testing
@testable import SteunpuntWeb

/// A value shared with a task.
final class Shared<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func get() -> Value { mutex.withLock { $0 } }
    @discardableResult
    func update<R: Sendable>(_ change: @Sendable (inout Value) -> R) -> R { mutex.withLock { change(&$0) } }
}

@Suite("Background services: each ends when cancelled, and a failure repeated every round is logged at a bounded rate")
struct BackgroundServiceTests {
    /// Waits up to `limit` for `flag`; whether it was set.
    static func settles(_ flag: Shared<Bool>, within limit: Duration) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if flag.get() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return false
    }

    @Test("every service the server runs (the deadline marking, the session purge, mail delivery, and each one added) returns promptly on cancellation while its rounds fail")
    func cancellation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A database without tables: every round fails at once, as in an outage.
        let url = try DatabaseURL.parse("sqlite:\(folder.path)/leeg.sqlite")
        let database = try await Database.open(url, logger: TestDatabase.logger)
        let capture = LogCapture()
        let logger = Logger(label: "capture") { _ in LogCapture.Handler(capture: capture) }
        let configuration = try TestApp.configuration(url, environment: ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:9", "STEUNPUNT_PUBLIC_URL": "https://steunpunt.example"])
        let services = try backgroundServices(AppEnvironment(configuration: configuration, database: database, logger: logger), interval: .milliseconds(5))
        #expect(services.count == 3, "with a mail server: the session purge, mail delivery and the deadline marking")
        for service in services {
            let ended = Shared(false)
            let task = Task {
                try? await service.run()
                ended.update { $0 = true }
            }
            try await Task.sleep(for: .milliseconds(300))
            #expect(!ended.get(), "\(type(of: service)) keeps going while nobody stops it")
            task.cancel()
            #expect(try await Self.settles(ended, within: Duration.seconds(5)), "\(type(of: service)) ended on cancellation")
        }
        await database.close()
        // About sixty failing rounds each: the first failure is logged, its repeats are not (within ten minutes).
        let failures = capture.lines.withLock { $0 }.filter { $0.contains("failed") || $0.contains("still failing") }
        #expect(failures.count == services.count, "\(failures.count) lines: \(failures.prefix(5))")
    }

    @Test("a repeated failure is logged again after the quiet period with its count, and its end once")
    func boundedLog() async throws {
        let capture = LogCapture()
        let logger = Logger(label: "capture") { _ in LogCapture.Handler(capture: capture) }
        let rounds = Shared(0)
        let task = Task {
            await RepeatingWork(name: "proef", interval: .milliseconds(5), quietPeriod: .milliseconds(100), logger: logger).run {
                let round = rounds.update { value -> Int in value += 1; return value }
                if round < 60 { throw StorageError.corruptRow(table: "proef", key: "x") }
            }
        }
        let finished = Shared(false)
        Task {
            await task.value
            finished.update { $0 = true }
        }
        while rounds.get() < 70 { try await Task.sleep(for: .milliseconds(10)) }
        task.cancel()
        #expect(try await Self.settles(finished, within: Duration.seconds(5)))
        let lines = capture.lines.withLock { $0 }
        let first = lines.filter { $0.hasPrefix("proef failed") }.count
        let again = lines.filter { $0.hasPrefix("proef still failing") }.count
        #expect(first == 1 && again >= 1 && again < 10, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("proef works again") }.count == 1)
    }
}
