import Foundation
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
        let limits = DatabaseLimits(acquire: .milliseconds(200), call: .seconds(30))
        let start = ContinuousClock.now
        await #expect(throws: StorageError.unavailable("no connection within 0.2 seconds")) {
            _ = try await Deadline.run(limits, acquired: { false }, onExpiry: {}) { try await Self.never() }
        }
        // Well before the 30-second call limit (a loaded machine may take seconds to schedule).
        #expect(ContinuousClock.now - start < .seconds(20))
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
        let limits = DatabaseLimits(acquire: .milliseconds(100), call: .seconds(5))
        let closed = Flag()
        #expect(try await Deadline.run(limits, acquired: { true }, onExpiry: { closed.set() }) { 42 } == 42)
        await #expect(throws: StorageError.shutDown) {
            _ = try await Deadline.run(limits, acquired: { true }, onExpiry: { closed.set() }) { () async throws -> Int in throw StorageError.shutDown }
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(!closed.isSet)
    }
}
