import Logging
import NIOSSL
import PostgresKit
import SQLKit

/// Lends connections from PostgresNIO's `PostgresClient`, whose `run()` is kept going
/// in a task owned by this provider until `shutdown()`.
final class PostgresConnectionProvider: ConnectionProvider {
    let client: PostgresClient
    private let runner: Task<Void, Never>

    init(location: DatabaseURL.PostgresLocation, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS
        switch location.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(.makeClientConfiguration())
        case .require: tls = .require(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: location.host, port: location.port, username: location.username,
            password: location.password, database: location.database, tls: tls)
        configuration.options.maximumConnections = 10
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        runner = Task { await client.run() }
    }

    func withConnection<R: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> R) async throws -> R {
        try await client.withConnection { connection in
            try await body(connection.sql(queryLogLevel: .trace))
        }
    }

    func shutdown() async {
        runner.cancel()
        _ = await runner.value
    }
}
