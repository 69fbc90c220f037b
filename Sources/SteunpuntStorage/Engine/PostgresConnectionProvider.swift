import Logging
import NIOCore
import NIOSSL
import PostgresKit
import SQLKit
import Synchronization

/// Lends connections from PostgresNIO's `PostgresClient`, whose `run()` is kept going
/// in a task owned by this provider until `shutdown()`. Every call is held to the
/// `DatabaseLimits` (a connection in time, an answer in time; past either the
/// connection is closed and the call fails as `StorageError.unavailable`), a statement
/// is never sent on a connection already closed (PostgresNIO would wait on it for ever),
/// and a lost connection is reported as `unavailable` rather than as an internal error.
final class PostgresConnectionProvider: ConnectionProvider {
    let client: PostgresClient
    let limits: DatabaseLimits
    /// Names for prepared statements; nil with `prepare=off`.
    let names: StatementNames?
    private let runner: Task<Void, Never>

    init(location: DatabaseURL.PostgresLocation, limits: DatabaseLimits, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: tls)
        // No timers per lease. PostgresNIO's pool arms a keep-alive timer and, for a
        // connection above the minimum, an idle timer each time a connection comes back, as
        // a task sleeping in a task group that it cancels on the next lease; a cancelled
        // sleep keeps its memory until it would have woken (swiftlang/swift#60441), so every
        // statement left 30–60 seconds of memory behind and the server grew by 130 MB under
        // load (issue 17). So: every connection is a minimum one (no idle timer), and no
        // keep-alive queries (a connection the server closes is noticed when it closes; one
        // lost silently is found by the call's deadline and closed). Test databases, many
        // at once on one server, open theirs on demand instead (`keepsConnectionsOpen`).
        configuration.options.maximumConnections = limits.connections
        configuration.options.minimumConnections = limits.keepsConnectionsOpen ? limits.connections : 0
        configuration.options.keepAliveBehavior = nil
        configuration.options.connectTimeout = limits.acquire
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.limits = limits
        names = location.preparesStatements ? StatementNames() : nil
        runner = Task { await client.run() }
    }

    func withConnection<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await withConnection(limits: limits, body)
    }

    /// A connection held for as long as `body` runs: a connection in time still applies,
    /// the limit on the call does not. For a session lock (`Database.exclusively`), held
    /// while the work under it runs on other connections, each call of it with its limits,
    /// and waited for while another process does that work.
    func withHeldConnection<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        var held = limits
        held.call = .seconds(24 * 3600)
        return try await withConnection(limits: held, body)
    }

    private func withConnection<R: Sendable>(limits: DatabaseLimits, _ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        let lease = Lease()
        do {
            return try await Deadline.run(limits, acquired: { lease.connection != nil }, onExpiry: { lease.connection.map { connection in _ = connection.close() as EventLoopFuture<Void> } }) { [client, names] in
                try await client.withConnection { connection in
                    lease.connection = connection
                    return try await body(OpenConnectionOnly(connection: connection, base: connection.sql(queryLogLevel: .trace), names: names))
                }
            }
        } catch let error as PSQLError where Self.isConnectionLoss(error) {
            throw StorageError.unavailable("the connection was lost (\(error.code))")
        }
    }

    /// Errors that say the connection is gone, not that the statement was wrong: the
    /// connection closed or failed, or the server said it is shutting down or starting
    /// (SQLSTATE class 57P, operator intervention) or lost the connection (class 08).
    static func isConnectionLoss(_ error: PSQLError) -> Bool {
        if [.serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown, .poolClosed].contains(error.code) { return true }
        guard error.code == .server, let state = error.serverInfo?[.sqlState] else { return false }
        return state.hasPrefix("57P") || state.hasPrefix("08")
    }

    /// Ends the client; waits at most `limits.acquire` for it, so a connection left
    /// hanging by a dropped server never keeps the process from exiting.
    func shutdown() async {
        runner.cancel()
        let ended = Deadline.Outcome<Void>()
        let runner = self.runner
        try? await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            ended.install(continuation)
            Task { await runner.value; ended.finish(.success(())) }
            Task { [limits] in
                try? await Task.sleep(for: limits.acquire)
                ended.finish(.failure(StorageError.unavailable("the client did not end in time")))
            }
        }
    }

    /// The connection a call holds, once it has one.
    final class Lease: Sendable {
        private let value = Mutex<PostgresConnection?>(nil)
        var connection: PostgresConnection? {
            get { value.withLock { $0 } }
            set { value.withLock { $0 = newValue } }
        }
    }
}

/// Sends a statement only while its connection is open: a statement (or the `ROLLBACK`
/// after a failure) on a connection the server has dropped fails at once. A statement
/// that `StatementNames` names runs prepared.
struct OpenConnectionOnly: SQLDatabaseWrapper {
    let connection: PostgresConnection
    let base: any SQLDatabase
    let names: StatementNames?

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        guard !connection.isClosed else { return eventLoop.makeFailedFuture(StorageError.unavailable("the connection is closed")) }
        return base.execute(sql: query, onRow)
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        guard !connection.isClosed else { throw StorageError.unavailable("the connection is closed") }
        if try await executePrepared(query, onRow) { return }
        try await base.execute(sql: query, onRow)
    }
}
