import Foundation
import Logging
import ServiceLifecycle
import SteunpuntApp
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

    @Test("every service the server runs (the deadline marking, the session purge, mail delivery, notification mail, webhook delivery, the quickscan notices, the plan's quarters and reminders, the retention job, the business gauges, and each one added) returns promptly on cancellation while its rounds fail")
    func cancellation() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-services-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // A database without tables: every round fails at once, as in an outage.
        let url = try DatabaseURL.parse("sqlite:\(folder.path)/leeg.sqlite")
        let database = try await Database.open(url, logger: TestDatabase.logger)
        let capture = LogCapture()
        let logger = Logger(label: "capture") { _ in LogCapture.Handler(capture: capture) }
        let configuration = try TestApp.configuration(url, environment: ["STEUNPUNT_SMTP_URL": "smtp://127.0.0.1:9", "STEUNPUNT_PUBLIC_URL": "https://steunpunt.example",
                                                                         "STEUNPUNT_PLAN_REMINDER_MONTHS": "6"])
        let services = try backgroundServices(AppEnvironment(configuration: configuration, database: database, logger: logger), interval: .milliseconds(5))
        #expect(services.count == 11, "with a mail server: the session purge, mail delivery, notification mail, webhook delivery, the deadline marking, the meetings' offers, the quickscan notices, the plan's quarters, the plan's reminders, the retention job and the business gauges")
        func failureLines() -> Int {
            capture.lines.withLock { $0 }.filter { $0.contains("failed") || $0.contains("still failing") }.count
        }
        for service in services {
            let ended = Shared(false)
            let before = failureLines()
            let task = Task {
                try? await service.run()
                ended.update { $0 = true }
            }
            // Its first round fails and is logged (waited for, not timed: a loaded machine is slow).
            let logged = ContinuousClock.now + .seconds(30)
            while failureLines() == before && ContinuousClock.now < logged { try await Task.sleep(for: .milliseconds(20)) }
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

    @Test("a repeated failure is logged once, again after each quiet period with its count, a new failure at once, and the end once")
    func boundedLog() {
        let capture = LogCapture()
        let logger = Logger(label: "capture") { _ in LogCapture.Handler(capture: capture) }
        let start = ContinuousClock.now
        let elapsed = Shared(Duration.zero)
        var log = FailureLog(name: "proef", quietPeriod: .seconds(600), logger: logger, clock: { start + elapsed.get() })
        let outage = StorageError.unreachable("weg")
        for minute in 0..<30 {
            elapsed.update { $0 = .seconds(60 * minute) }
            log.failed(outage)
        }
        log.failed(StorageError.shutDown)
        log.succeeded()
        let lines = capture.lines.withLock { $0 }
        #expect(lines.filter { $0.hasPrefix("proef failed") }.count == 2, "the outage once, the other failure at once: \(lines)")
        // 30 failures a minute apart, logged at 0, then at 10, 20 minutes (with the count so far).
        let again = lines.filter { $0.hasPrefix("proef still failing") }
        #expect(again.count == 2 && again.first?.contains("times=11") == true, "\(again)")
        #expect(lines.filter { $0.hasPrefix("proef works again") }.count == 1)
    }
}
