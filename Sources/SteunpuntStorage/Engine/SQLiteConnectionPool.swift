import Logging
import NIOCore
import NIOPosix
import SQLKit
import SQLiteKit

/// A small pool of SQLite connections to one file. Every new connection gets the
/// PRAGMAs Steunpunt relies on (sqlite-kit has no hook for that, see
/// STACK-MEASUREMENTS.md): WAL so readers never block the writer, `synchronous=FULL`
/// so an acknowledged write survives a crash or power cut, foreign keys enforced, and a
/// busy timeout instead of sqlite-nio's spinning busy handler.
///
/// The pool has its own thread pool with one thread per connection. sqlite-nio runs
/// every call on a thread pool; on the shared one (two threads on a two-core machine),
/// two connections waiting out a lock would take every thread and the connection that
/// holds the lock could never commit.
actor SQLiteConnectionPool: ConnectionProvider {
    /// The busy timeout comes first: switching to WAL needs a lock that a connection
    /// opened at the same moment may hold.
    static let pragmas = [
        "PRAGMA busy_timeout = 10000",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
        "PRAGMA foreign_keys = ON",
    ]

    private let path: String
    private let maximum: Int
    private let logger: Logger
    private var idle: [SQLiteConnection] = []
    private var opened = 0
    private var waiting: [CheckedContinuation<SQLiteConnection, any Error>] = []
    private var isShutDown = false
    private var threadsStopped = false
    private let threads: NIOThreadPool

    init(path: String, maximum: Int, logger: Logger) {
        self.path = path
        self.maximum = maximum
        self.logger = logger
        threads = NIOThreadPool(numberOfThreads: maximum)
        threads.start()
    }

    nonisolated func withConnection<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let connection = try await acquire()
        do {
            let result = try await body(connection.sql(queryLogLevel: .trace))
            await release(connection)
            return result
        } catch {
            await release(connection)
            throw Self.classified(error)
        }
    }

    /// The file stayed locked past the busy timeout (another process writing): not a fault
    /// of the request, worth trying again shortly.
    static func classified(_ error: any Error) -> any Error {
        guard let error = error as? SQLiteError else { return error }
        switch error.reason {
        case .busy, .locked, .busyInRecovery, .busyInSnapshot, .busyTimeout, .lockedBySharedCache, .lockedVirtualTable:
            return StorageError.unavailable("the database file is busy (\(error.message))")
        default:
            return error
        }
    }

    private func acquire() async throws -> SQLiteConnection {
        if isShutDown { throw StorageError.shutDown }
        if let connection = idle.popLast() { return connection }
        if opened < maximum {
            opened += 1
            do {
                return try await open()
            } catch {
                opened -= 1
                throw error
            }
        }
        return try await withCheckedThrowingContinuation { waiting.append($0) }
    }

    private func release(_ connection: SQLiteConnection) async {
        if isShutDown {
            // Lent out while the pool shut down: close it now, or sqlite-nio traps on deinit.
            await discard(connection)
            return
        }
        if waiting.isEmpty {
            idle.append(connection)
        } else {
            waiting.removeFirst().resume(returning: connection)
        }
    }

    private func open() async throws -> SQLiteConnection {
        let connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger,
                                                         on: MultiThreadedEventLoopGroup.singleton.any())
        do {
            for pragma in Self.pragmas { _ = try await connection.query(pragma) }
        } catch {
            await Self.close(connection)
            throw error
        }
        return connection
    }

    /// Closes `connection` also when the calling task is cancelled. sqlite-nio's async
    /// `close()` goes through `NIOThreadPool.runIfActive`, which skips work of a cancelled
    /// task; the connection then stays open and sqlite-nio traps when it is freed (seen in
    /// CI: a background job cancelled at shutdown between opening a connection and setting
    /// its PRAGMAs). The future-based `close()` runs whatever the task's state.
    static func close(_ connection: SQLiteConnection) async {
        let closing: EventLoopFuture<Void> = connection.close()
        try? await closing.get()
    }

    func shutdown() async {
        if isShutDown { return }
        isShutDown = true
        for waiter in waiting { waiter.resume(throwing: StorageError.shutDown) }
        waiting.removeAll()
        let closing = idle
        idle.removeAll()
        for connection in closing { await discard(connection) }
        await stopThreadsWhenUnused()
    }

    /// Closes a connection for good; the last one closed after shutdown stops the threads
    /// (a connection still lent out needs them to finish and close).
    private func discard(_ connection: SQLiteConnection) async {
        await Self.close(connection)
        opened -= 1
        await stopThreadsWhenUnused()
    }

    private func stopThreadsWhenUnused() async {
        guard isShutDown, opened == 0, !threadsStopped else { return }
        threadsStopped = true
        try? await threads.shutdownGracefully()
    }
}
