import Logging
import NIOCore
import SQLKit

/// Lends a database connection for the length of a closure. One implementation per
/// engine: a small pool of SQLite connections, and PostgresNIO's client pool.
protocol ConnectionProvider: Sendable {
    /// Runs `body` on a lent connection within the provider's `DatabaseLimits`.
    func withConnection<R: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> R) async throws -> R
    func shutdown() async
}

/// An `SQLDatabase` that runs each statement on a connection lent by a provider, so
/// SQLKit's builders work over a pool. Its dialect must be the pooled connections' own:
/// builders ask it which syntax to produce.
struct PooledSQLDatabase: SQLDatabase {
    let provider: any ConnectionProvider
    let logger: Logger
    let eventLoop: any EventLoop
    let dialect: any SQLDialect

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { try await self.execute(sql: query, onRow) }
        return promise.futureResult
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        try await provider.withConnection { connection in
            try await connection.execute(sql: query, onRow)
        }
    }
}
