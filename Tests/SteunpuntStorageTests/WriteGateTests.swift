import Foundation
import SQLiteNIO
import Synchronization
import Testing
@testable import SteunpuntStorage

@Suite("SQLite writers take turns")
struct WriteGateTests {
    final class Counter: Sendable {
        let state = Mutex((now: 0, most: 0, done: 0))
        func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
        func leave() { state.withLock { $0.now -= 1; $0.done += 1 } }
    }

    @Test("one writer at a time, every writer gets its turn")
    func exclusive() async throws {
        let gate = WriteGate()
        let counter = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await gate.run(within: .seconds(30)) {
                        counter.enter()
                        try await Task.sleep(for: .milliseconds(2))
                        counter.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(counter.state.withLock { $0.most } == 1)
        #expect(counter.state.withLock { $0.done } == 40)
    }

    @Test("a writer that gets no turn in time is told the database is unavailable, and the gate still works after")
    func timeout() async throws {
        let gate = WriteGate()
        let holder = Task { try await gate.run(within: .seconds(5)) { try await Task.sleep(for: .milliseconds(500)) } }
        try await Task.sleep(for: .milliseconds(50))
        await #expect(throws: StorageError.unavailable("no turn to write within 0.05 seconds")) {
            try await gate.run(within: .milliseconds(50)) { 1 }
        }
        try await holder.value
        #expect(try await gate.run(within: .seconds(1)) { 2 } == 2)
    }

    @Test("SQLite's 'database is locked' (another process writing) is answered as 'unavailable', other errors pass unchanged")
    func classification() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("locked-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // Two connections as two processes would open them; the second waits 10 ms for a lock
        // (the pool's connections wait 10 s; sqlite-nio's own handler would wait for ever).
        let holder = try await SQLiteConnection.open(storage: .file(path: path))
        let other = try await SQLiteConnection.open(storage: .file(path: path))
        _ = try await other.query("PRAGMA busy_timeout = 10")
        _ = try await holder.query("CREATE TABLE t (x INTEGER)")
        _ = try await holder.query("BEGIN IMMEDIATE")
        var caught: (any Error)?
        do { _ = try await other.query("BEGIN IMMEDIATE") } catch { caught = error }
        _ = try await holder.query("ROLLBACK")
        try await holder.close()
        try await other.close()
        let busy = try #require(caught)
        #expect(SQLiteConnectionPool.classified(busy) as? StorageError == .unavailable("the database file is busy (database is locked)"), "\(busy)")
        struct Other: Error {}
        #expect(SQLiteConnectionPool.classified(Other()) is Other)
    }
}
