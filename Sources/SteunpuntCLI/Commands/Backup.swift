import ArgumentParser
import Foundation
import Logging
import SteunpuntStorage
import SteunpuntWeb

/// `steunpunt backup --to FILE`: a consistent backup while the server runs (issue 23,
/// part 4); `steunpunt restore --from FILE`: into an empty database. See `DatabaseBackup`.
struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a backup of the database while the server runs.",
        discussion: """
            A ZIP file with a manifest (migrations, rows per table, SHA-256) and a consistent copy: SQLite's VACUUM INTO, \
            or PostgreSQL's pg_dump in custom format (the client tools must be installed). The encryption key is not in it: \
            back up the key file (or STEUNPUNT_ENCRYPTION_KEY) apart.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("to"), help: "The backup file to write (it must not exist).")
    var file: String

    func run() async throws {
        let runtime = try await Runtime.start(database)
        let manifest: BackupManifest
        do {
            manifest = try await DatabaseBackup.write(runtime.database, url: runtime.configuration.databaseURL, to: URL(fileURLWithPath: file), at: Date(),
                                                      logger: runtime.logger)
        } catch let error as BackupError {
            await runtime.database.close()
            throw CLIError("No backup made: \(error)")
        }
        await runtime.database.close()
        print(Self.summary("Backup written to \(file)", manifest))
        print("The encryption key is not in the backup: keep \(Restore.keyNote(runtime.configuration.databaseURL)) apart from it.")
    }

    static func summary(_ title: String, _ manifest: BackupManifest) -> String {
        let rows = manifest.counts.values.reduce(0, +)
        return """
            \(title): \(manifest.engine.rawValue), migrations up to \(manifest.migrations.max() ?? 0), \(manifest.counts.count) tables, \(rows) rows, \
            made \(ISO8601DateFormatter().string(from: manifest.createdAt)), SHA-256 \(manifest.sha256).
            """
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Restore a backup into an empty database.",
        discussion: """
            Refuses a database that is not empty (or a SQLite file that exists), a backup of the other engine or of a newer \
            Steunpunt, and damaged data; afterwards every table's rows are checked against the backup's manifest. Put the \
            encryption key back beside it before the server starts.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(name: .customLong("from"), help: "The backup file to restore.")
    var file: String

    func run() async throws {
        let (configuration, logger) = try Runtime.configure(database)
        let manifest: BackupManifest
        do {
            manifest = try await DatabaseBackup.restore(from: URL(fileURLWithPath: file), into: configuration.databaseURL, logger: logger)
        } catch let error as BackupError {
            throw CLIError("Nothing restored: \(error)")
        }
        print(Backup.summary("Restored into \(configuration.databaseURL)", manifest))
        print("Every table holds the rows the backup says. Put the encryption key back (\(Self.keyNote(configuration.databaseURL))) before the server starts.")
    }

    /// Where the key is kept: the environment variable, or the key file beside the database.
    static func keyNote(_ url: DatabaseURL) -> String {
        ProcessInfo.processInfo.environment["STEUNPUNT_ENCRYPTION_KEY"] != nil ? "STEUNPUNT_ENCRYPTION_KEY" : EncryptionKeyFile.location(for: url).path
    }
}
