import Foundation
import Logging
import SteunpuntStorage

/// The engines the storage contract runs on. PostgreSQL joins when
/// `STEUNPUNT_TEST_POSTGRES_URL` names a server (the test script always sets it);
/// with `STEUNPUNT_REQUIRE_POSTGRES=1` a missing server is a failure, not a skip.
public enum TestEngine: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }

    public static var available: [TestEngine] {
        let environment = ProcessInfo.processInfo.environment
        if environment["STEUNPUNT_TEST_POSTGRES_URL"] != nil || environment["STEUNPUNT_REQUIRE_POSTGRES"] == "1" {
            return [.sqlite, .postgres]
        }
        return [.sqlite]
    }
}

/// A fresh, migrated, empty database for one test: a new SQLite file in a temporary
/// folder, or a new PostgreSQL database created on the test server and dropped after.
public enum TestDatabase {
    public static let logger: Logger = {
        var logger = Logger(label: "steunpunt-test")
        logger.logLevel = .warning
        return logger
    }()

    /// Time limits for test databases: the whole suite runs in parallel on two cores, where
    /// creating a PostgreSQL database waits its turn for a checkpoint; the limits themselves
    /// are tested apart (`DeadlineTests`, `tests/outage`).
    /// Connections are opened on demand: many tests run at once against one server.
    public static let limits = DatabaseLimits(acquire: .seconds(60), call: .seconds(300), keepsConnectionsOpen: false)
    /// How long opening a database may take: under the whole suite a first answer can take
    /// longer than the server's own ten seconds.
    static let openTimeout: Duration = .seconds(60)

    /// Runs `body` with a new database on `engine`, migrated up to `migration` (every one
    /// by default); with `referenceData` the 342 municipalities and national organisations
    /// are loaded first.
    public static func with<R>(_ engine: TestEngine, referenceData: Bool = true, upTo migration: Int = .max,
                               _ body: (Database, DatabaseURL) async throws -> R) async throws -> R {
        let url = try await create(engine)
        let database = try await Database.open(url, logger: logger, timeout: openTimeout, limits: limits)
        do {
            try await Migrator.migrate(database, upTo: migration)
            if referenceData { try await ReferenceData.ensure(in: database, at: Date(timeIntervalSince1970: 1_780_000_000)) }
            let result = try await body(database, url)
            await database.close()
            try await drop(url)
            return result
        } catch {
            await database.close()
            try? await drop(url)
            throw error
        }
    }

    /// Makes an empty database and returns its URL.
    public static func create(_ engine: TestEngine) async throws -> DatabaseURL {
        switch engine {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-tests-\(UUID().uuidString)")
            return .sqlite(path: folder.appendingPathComponent("test.sqlite").path)
        case .postgres:
            guard let admin = try postgresAdminURL(), case .postgres(var location) = admin else {
                throw TestDatabaseError.postgresNotConfigured
            }
            let name = "steunpunt_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let adminDatabase = try await Database.open(admin, logger: logger, timeout: openTimeout, limits: limits)
            do {
                try await adminDatabase.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            } catch {
                await adminDatabase.close()
                throw error
            }
            await adminDatabase.close()
            location.database = name
            return .postgres(location)
        }
    }

    /// Removes a database made by `create`.
    public static func drop(_ url: DatabaseURL) async throws {
        switch url {
        case .sqlite(let path):
            try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
        case .postgres(let location):
            guard let admin = try postgresAdminURL() else { return }
            let adminDatabase = try await Database.open(admin, logger: logger, timeout: openTimeout, limits: limits)
            try? await adminDatabase.sql.raw("DROP DATABASE IF EXISTS \(unsafeRaw: location.database) WITH (FORCE)").run()
            await adminDatabase.close()
        }
    }

    static func postgresAdminURL() throws -> DatabaseURL? {
        guard let text = ProcessInfo.processInfo.environment["STEUNPUNT_TEST_POSTGRES_URL"] else {
            if ProcessInfo.processInfo.environment["STEUNPUNT_REQUIRE_POSTGRES"] == "1" { throw TestDatabaseError.postgresNotConfigured }
            return nil
        }
        return try DatabaseURL.parse(text)
    }
}

public enum TestDatabaseError: Error, CustomStringConvertible {
    case postgresNotConfigured
    public var description: String { "STEUNPUNT_TEST_POSTGRES_URL is not set but PostgreSQL is required" }
}
