import Foundation
import NIOCore
import Synchronization
import Testing
@testable import SteunpuntStorage

@Suite("Database deadlines: a call that does not end is answered anyway")
struct DeadlineTests {
    final class Flag: Sendable {
        let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    /// Work that ignores cancellation and never ends, as a query on a dropped connection can
    /// (a continuation nobody resumes: it waits without using a thread).
    static func never() async throws -> Int {
        await withUnsafeContinuation { (_: UnsafeContinuation<Int, Never>) in }
    }

    @Test("without a connection in time: unavailable after the acquire limit, the work abandoned")
    func acquire() async throws {
        let limits = DatabaseLimits(acquire: .milliseconds(200), call: .seconds(120))
        let start = ContinuousClock.now
        await #expect(throws: StorageError.unavailable("no connection within 0.2 seconds")) {
            _ = try await Deadline.run(limits, acquired: { false }, onExpiry: {}) { try await Self.never() }
        }
        // Well before the two-minute call limit (the whole suite on two cores has delayed
        // this 0.2-second timer by 25 seconds).
        #expect(ContinuousClock.now - start < .seconds(60))
    }

    @Test("with a connection but no answer: unavailable after the call limit, and the connection is closed")
    func call() async throws {
        let limits = DatabaseLimits(acquire: .milliseconds(100), call: .milliseconds(400))
        let closed = Flag()
        await #expect(throws: StorageError.unavailable("no answer within 0.4 seconds")) {
            _ = try await Deadline.run(limits, acquired: { true }, onExpiry: { closed.set() }) { try await Self.never() }
        }
        #expect(closed.isSet)
    }

    @Test("work that ends in time gives its result or its error, and nothing is closed")
    func inTime() async throws {
        // A generous call limit: with the whole suite on two cores a task may wait seconds for a thread.
        let limits = DatabaseLimits(acquire: .milliseconds(100), call: .seconds(120))
        let closed = Flag()
        #expect(try await Deadline.run(limits, acquired: { true }, onExpiry: { closed.set() }) { 42 } == 42)
        await #expect(throws: StorageError.shutDown) {
            _ = try await Deadline.run(limits, acquired: { true }, onExpiry: { closed.set() }) { () async throws -> Int in throw StorageError.shutDown }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!closed.isSet)
    }

    /// Held by a timer's action; gone once nothing holds the action any more.
    final class Marker: Sendable {}

    /// Waits up to five seconds for `weak` to be released.
    static func released(_ weak: () -> AnyObject?) async throws -> Bool {
        for _ in 0..<100 {
            if weak() == nil { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return weak() == nil
    }

    @Test("a cancelled timer lets go of its action at once, not when it would have fired")
    func timerReleased() async throws {
        // A cancelled `Task.sleep` keeps what its task holds until the sleep would have
        // ended (swiftlang/swift#60441); a cancelled timer must let go at once.
        weak var held: Marker?
        do {
            let marker = Marker()
            held = marker
            let timer = CancellableTimer()
            let fired = Flag()
            timer.arm(at: .now() + .seconds(600)) { _ = marker; fired.set() }
            timer.cancel()
            #expect(!fired.isSet)
        }
        let heldGone = try await Self.released { held }
        #expect(heldGone, "the cancelled timer's action is released well before its 600 seconds")
    }

    /// Where `Task.sleep` may stay, and why: each waits once per process, per round of a
    /// background job or per health probe, never once per statement or request.
    static let sleepsAllowed: [String: String] = [
        "SteunpuntApp/Background/RepeatingWork.swift": "the pause between rounds of a background job",
        "SteunpuntStorage/Engine/Database.swift": "the health probes' limits (one per probe)",
        "SteunpuntStorage/Engine/PostgresConnectionProvider.swift": "the limit on shutting down",
        "SteunpuntStorage/Audit/AuditStore.swift": "the audit benchmark's simulated work",
        "SteunpuntMail/SMTPClient.swift": "the limit on one mail session",
        "SteunpuntStorage/Engine/AdvisoryLock.swift": "waiting for another process's file lock on SQLite (once per start)",
    ]

    @Test("no Task.sleep as a guard on a hot path: new code uses CancellableTimer, or says here why not")
    func noSleepingGuards() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources")
        var found: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: sources.path)!
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            let text = try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8)
            let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
            if code.contains(where: { $0.contains("Task.sleep") }) { found.insert(path) }
        }
        #expect(found.subtracting(Self.sleepsAllowed.keys).isEmpty, "Task.sleep in \(found.subtracting(Self.sleepsAllowed.keys).sorted())")
        #expect(found.contains("SteunpuntApp/Background/RepeatingWork.swift"), "the scan reads the sources")
    }

    @Test("a timer fires once at its time, may arm the next from its action, and a cancel stops what is armed later")
    func timerFires() async throws {
        let first = Flag(), second = Flag(), late = Flag()
        let timer = CancellableTimer()
        timer.arm(at: .now() + .milliseconds(50)) {
            first.set()
            timer.arm(at: .now() + .milliseconds(50)) { second.set() }
        }
        try await Task.sleep(for: .milliseconds(600))
        #expect(first.isSet && second.isSet)
        let stopped = CancellableTimer()
        stopped.cancel()
        stopped.arm(at: .now()) { late.set() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!late.isSet, "armed after its cancel: never runs")
    }
}
