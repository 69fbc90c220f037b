import Crypto
import Foundation
import Logging
import SQLKit
import ZIPFoundation

/// Backups of the whole database while the server runs, and their restore into an empty
/// database (issue 23, part 4). A backup is one ZIP file: `manifest.json`
/// (`BackupManifest`) and the data, a consistent copy taken while writers go on:
/// - SQLite: `VACUUM INTO` a new file (one read snapshot, a compact copy);
/// - PostgreSQL: `pg_dump --format=custom` of a snapshot the backup holds open
///   (`pg_export_snapshot`), in which the manifest's counts are taken too.
/// A restore checks the archive (format, engine, the schema not newer than this
/// Steunpunt's, the data's SHA-256), refuses a database that is not empty, restores, and
/// then counts every table against the manifest. The encryption key file is not in the
/// backup: it is kept apart (docs/operations.md).
public enum DatabaseBackup {
    static let sqliteFile = "database.sqlite"
    static let dumpFile = "database.dump"

    /// Writes a backup of `database` (at `url`) to `archive`, which must not exist yet.
    public static func write(_ database: Database, url: DatabaseURL, to archive: URL, at now: Date, logger: Logger) async throws -> BackupManifest {
        guard !FileManager.default.fileExists(atPath: archive.path) else { throw BackupError.targetExists(archive.path) }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let manifest: BackupManifest
        switch url {
        case .sqlite:
            let copy = work.appendingPathComponent(sqliteFile)
            try await database.sql.raw("VACUUM INTO \(bind: copy.path)").run()
            let described = try await describe(sqliteAt: copy.path, logger: logger)
            manifest = BackupManifest(engine: .sqlite, createdAt: now, migrations: described.migrations, counts: described.counts, file: sqliteFile,
                                      sha256: try sha256(of: copy))
            try pack(manifest, data: copy, into: archive)
        case .postgres(let location):
            let dump = work.appendingPathComponent(dumpFile)
            let tool = try PostgresTools.find("pg_dump")
            let described = try await database.transaction { db in
                // One snapshot for the counts and the dump: what the manifest says is what the dump holds.
                try await db.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                guard let snapshot = try await db.raw("SELECT pg_export_snapshot() AS id").first()?.decode(column: "id", as: String.self) else {
                    throw BackupError.unreadable("no snapshot")
                }
                let described = try await describe(db, engine: .postgres)
                try await PostgresTools.run(tool, ["--format=custom", "--no-owner", "--no-privileges", "--snapshot=\(snapshot)", "--file=\(dump.path)"],
                                            location: location)
                return described
            }
            manifest = BackupManifest(engine: .postgres, createdAt: now, migrations: described.migrations, counts: described.counts, file: dumpFile,
                                      sha256: try sha256(of: dump))
            try pack(manifest, data: dump, into: archive)
        }
        return manifest
    }

    /// The manifest of `archive`, unchecked.
    public static func manifest(of archive: URL) throws -> BackupManifest {
        let zip = try open(archive)
        guard let entry = zip[BackupManifest.name] else { throw BackupError.unreadable("it has no \(BackupManifest.name)") }
        var data = Data()
        _ = try zip.extract(entry) { data.append($0) }
        do {
            return try BackupManifest.decoder.decode(BackupManifest.self, from: data)
        } catch {
            throw BackupError.unreadable("its manifest is not one Steunpunt wrote")
        }
    }

    /// Restores `archive` into the empty database at `url` and checks every table's rows
    /// against the manifest. Refuses another engine's backup, a newer schema, damaged data
    /// and a database that is not empty, before it writes anything.
    public static func restore(from archive: URL, into url: DatabaseURL, logger: Logger) async throws -> BackupManifest {
        let manifest = try manifest(of: archive)
        guard manifest.format <= BackupManifest.currentFormat else { throw BackupError.unreadable("format \(manifest.format) is newer than this Steunpunt's") }
        guard manifest.engine == url.engine else { throw BackupError.otherEngine(backup: manifest.engine, target: url.engine) }
        let known = Migrator.latest
        if let newest = manifest.migrations.max(), newest > known { throw BackupError.newerSchema(backup: newest, known: known) }
        let work = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let zip = try open(archive)
        guard let entry = zip[manifest.file] else { throw BackupError.unreadable("it has no \(manifest.file)") }
        let data = work.appendingPathComponent(manifest.file)
        _ = try zip.extract(entry, to: data)
        let found = try sha256(of: data)
        guard found == manifest.sha256 else { throw BackupError.checksum(expected: manifest.sha256, found: found) }
        let restored: (migrations: [Int], counts: [String: Int])
        switch url {
        case .sqlite(let path):
            let target = URL(fileURLWithPath: path)
            guard !FileManager.default.fileExists(atPath: target.path) else { throw BackupError.targetExists(target.path) }
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.moveItem(at: data, to: target)
            restored = try await describe(sqliteAt: target.path, logger: logger)
        case .postgres(let location):
            let tool = try PostgresTools.find("pg_restore")
            let database = try await Database.open(url, logger: logger)
            do {
                let tables = try await database.sql.raw("SELECT COUNT(*) AS n FROM pg_tables WHERE schemaname = current_schema()").first()?
                    .decode(column: "n", as: Int.self) ?? 0
                guard tables == 0 else { throw BackupError.targetNotEmpty(url.description) }
                try await PostgresTools.run(tool, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", data.path], location: location)
                restored = try await describe(database.sql, engine: .postgres)
            } catch {
                await database.close()
                throw error
            }
            await database.close()
        }
        let differ = Set(manifest.counts.keys).union(restored.counts.keys).sorted().filter { manifest.counts[$0] != restored.counts[$0] }
            .map { "\($0): \(restored.counts[$0].map(String.init) ?? "missing") rows, the backup says \(manifest.counts[$0].map(String.init) ?? "none")" }
        guard differ.isEmpty, restored.migrations == manifest.migrations else {
            throw BackupError.countsDiffer(differ.isEmpty ? ["the migrations"] : differ)
        }
        return manifest
    }

    /// Every table's rows and the applied migrations, as `db` sees them.
    static func describe(_ db: any SQLDatabase, engine: Engine) async throws -> (migrations: [Int], counts: [String: Int]) {
        let list: SQLQueryString = engine == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename"
        var counts: [String: Int] = [:]
        for table in try await db.raw(list).all().map({ try $0.decode(column: "name", as: String.self) }) {
            counts[table] = try await db.raw("SELECT COUNT(*) AS n FROM \(ident: table)").first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let migrations = try await db.raw("SELECT id FROM schema_migrations ORDER BY id").all().map { try $0.decode(column: "id", as: Int.self) }
        return (migrations, counts)
    }

    /// Describes the SQLite file at `path` (opened and closed again).
    static func describe(sqliteAt path: String, logger: Logger) async throws -> (migrations: [Int], counts: [String: Int]) {
        let database = try await Database.open(.sqlite(path: path), logger: logger)
        do {
            let described = try await describe(database.sql, engine: .sqlite)
            await database.close()
            return described
        } catch {
            await database.close()
            throw error
        }
    }

    static func pack(_ manifest: BackupManifest, data: URL, into archive: URL) throws {
        let folder = data.deletingLastPathComponent()
        try BackupManifest.encoder.encode(manifest).write(to: folder.appendingPathComponent(BackupManifest.name))
        let zip = try Archive(url: archive, accessMode: .create)
        try zip.addEntry(with: BackupManifest.name, relativeTo: folder, compressionMethod: .deflate)
        try zip.addEntry(with: data.lastPathComponent, relativeTo: folder, compressionMethod: .deflate)
    }

    static func open(_ archive: URL) throws -> Archive {
        do {
            return try Archive(url: archive, accessMode: .read)
        } catch {
            throw BackupError.unreadable("\(archive.path) is no backup archive (a ZIP file)")
        }
    }

    static func sha256(of file: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: file)
        defer { try? handle.close() }
        var hash = SHA256()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty { hash.update(data: chunk) }
        return hash.finalize().map { String(format: "%02x", $0) }.joined()
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
