import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Tracing

/// The one handle on storage: an `SQLDatabase` over a pool, the engine it runs on, and
/// transactions. Every query in Steunpunt goes through SQLKit on this handle, so the
/// same code runs on SQLite and PostgreSQL.
public struct Database: Sendable {
    public let engine: Engine
    /// Runs each statement on any pooled connection (no transaction).
    public let sql: any SQLDatabase
    let provider: any ConnectionProvider
    public let logger: Logger
    /// SQLite: write transactions queue here, in order (see `WriteGate`).
    var writeGate: WriteGate?
    /// How long a write transaction waits for its turn on SQLite: as long as a PostgreSQL
    /// call may take (`DatabaseLimits.call`, 30 s unless configured); a burst of writes
    /// queues rather than fails.
    var writeTurn: Duration = DatabaseLimits().call
    /// SQLite: the database file, beside which `exclusively` keeps its lock file.
    var file: String?

    /// Opens the database at `url` and checks that it answers within `timeout`.
    /// A SQLite file (and its folder) is created when missing.
    public static func open(_ url: DatabaseURL, logger: Logger, timeout: Duration = .seconds(10), limits: DatabaseLimits = DatabaseLimits()) async throws -> Database {
        let eventLoop = MultiThreadedEventLoopGroup.singleton.any()
        let database: Database
        switch url {
        case .sqlite(let path):
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw StorageError.unreachable("cannot create the folder \(folder.path): \(error.localizedDescription)")
            }
            // SQLite is a local file: a call waits at most the busy timeout for a lock; of
            // `limits` (made for a server across the network) only `call` applies, as the
            // longest a write transaction waits its turn.
            let pool = SQLiteConnectionPool(path: path, maximum: 4, logger: logger)
            var sqlite = Database(engine: .sqlite, sql: TracedSQLDatabase(base: PooledSQLDatabase(provider: pool, logger: logger, eventLoop: eventLoop, dialect: SQLiteDialect()),
                                                                          system: Engine.sqlite.tracingName),
                                  provider: pool, logger: logger, writeGate: WriteGate())
            sqlite.writeTurn = limits.call
            sqlite.file = path
            database = sqlite
        case .postgres(let location):
            let provider = try PostgresConnectionProvider(location: location, limits: limits, logger: logger)
            database = Database(engine: .postgres, sql: TracedSQLDatabase(base: PooledSQLDatabase(provider: provider, logger: logger, eventLoop: eventLoop, dialect: PostgresDialect()),
                                                                          system: Engine.postgres.tracingName),
                                provider: provider, logger: logger)
        }
        do {
            try await database.ping(timeout: timeout)
        } catch {
            await database.close()
            throw StorageError.unreachable("\(url): \(LoggedError.description(of: error))")
        }
        return database
    }

    /// Answers when the database runs a trivial query within `timeout`; throws otherwise.
    public func ping(timeout: Duration = .seconds(5)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sql.raw("SELECT 1").run() }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw StorageError.unreachable("no answer within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Answers when the database takes a write within `timeout` (it stores one row of
    /// `health_probe`); throws otherwise: a full disk or a read-only database answers
    /// `SELECT 1` but is not ready.
    public func probeWrite(at now: Date, timeout: Duration = .seconds(5)) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                // One statement, so probes at once (two instances, a balancer and an
                // orchestrator) never trip over each other's row.
                try await transaction { db in
                    try await db.insert(into: "health_probe").columns("id", "checked_at").values(SQLBind(1), SQLBind(now))
                        .onConflict(with: ["id"]) { $0.set(excludedValueOf: "checked_at") }
                        .run()
                }
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw StorageError.unavailable("no write within \(timeout)")
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Runs `body` in one transaction on one connection: all of it is stored, or none.
    /// SQLite takes the write lock at the start (`BEGIN IMMEDIATE`) so two writers never
    /// deadlock on upgrading a read lock.
    /// On SQLite, write transactions of this process take turns first (`WriteGate`).
    /// Nothing commits while the request holds input problems (`HeldProblems`).
    public func transaction<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        // One span for the transaction, its statements (`TracedSQLDatabase`) inside it.
        try await withSpan("transaction") { _ in
            guard let writeGate else { return try await run(body) }
            return try await writeGate.run(within: writeTurn) { try await run(body) }
        }
    }

    private func run<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let begin = engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        let system = engine.tracingName
        return try await provider.withConnection { pooled in
            let connection = TracedSQLDatabase(base: pooled, system: system)
            try await connection.raw("\(unsafeRaw: begin)").run()
            do {
                let result = try await body(connection)
                try HeldProblems.refuseIfAny()
                try await connection.raw("COMMIT").run()
                return result
            } catch {
                try? await connection.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Closes every connection. The handle takes no more work afterwards.
    public func close() async {
        await provider.shutdown()
    }
}
