import Foundation
import SQLKit
import SteunpuntDomain
import SteunpuntTestSupport
import Testing
import ZIPFoundation
@testable import SteunpuntStorage

@Suite("Backup and restore: a consistent copy while writes go on, restored into an empty database and checked")
struct BackupTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)

    static func event(_ index: Int) -> AuditEvent {
        AuditEvent(action: .organisationCreated, objectType: "organisation", objectID: "partner-\(index)", occurredAt: start.addingTimeInterval(Double(index)))
    }

    @Test("""
        a backup taken while audit entries are written holds a whole snapshot: restored into an empty database every table has the rows its \\
        manifest says and the audit chain verifies; a database that is not empty, another engine, a newer schema and damaged data are refused before \\
        anything is written
        """, arguments: TestEngine.available)
    func roundTrip(engine: TestEngine) async throws {
        try await TestDatabase.with(engine) { database, url async throws in
            let audit = AuditStore(database: database)
            for index in 0..<40 { try await audit.append(Self.event(index)) }
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("steunpunt-backup-test-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let archive = folder.appendingPathComponent("backup.zip")
            // Writers go on while the copy is taken.
            let writer = Task { for index in 40..<240 { try await audit.append(Self.event(index)) } }
            let manifest = try await DatabaseBackup.write(database, url: url, to: archive, at: Self.start, logger: TestDatabase.logger)
            try await writer.value
            let kept = try #require(manifest.counts["audit_events"])
            #expect(manifest.engine == url.engine && kept >= 40 && kept <= 240 && manifest.counts["municipalities"] == 342)
            #expect(manifest.migrations == (try await Migrator.applied(database)) && manifest.sha256.count == 64)
            #expect(try DatabaseBackup.manifest(of: archive) == manifest)
            await #expect(throws: BackupError.targetExists(archive.path)) {
                _ = try await DatabaseBackup.write(database, url: url, to: archive, at: Self.start, logger: TestDatabase.logger)
            }

            // Restored into an empty database: the rows of the snapshot, a chain that verifies.
            let target = try await TestDatabase.create(engine)
            do {
                #expect(try await DatabaseBackup.restore(from: archive, into: target, logger: TestDatabase.logger) == manifest)
                let copy = try await Database.open(target, logger: TestDatabase.logger)
                let verified = try await AuditStore(database: copy).verify()
                let applied = try await Migrator.applied(copy)
                await copy.close()
                #expect(verified.breaks.isEmpty && verified.count == kept && applied == manifest.migrations)
                // Not into a database that holds something (the one just restored).
                await #expect(throws: (any Error).self) { _ = try await DatabaseBackup.restore(from: archive, into: target, logger: TestDatabase.logger) }
                // The source itself is not empty either.
                if case .postgres = url {
                    await #expect(throws: BackupError.targetNotEmpty(url.description)) {
                        _ = try await DatabaseBackup.restore(from: archive, into: url, logger: TestDatabase.logger)
                    }
                } else {
                    await #expect(throws: BackupError.targetExists(URL(fileURLWithPath: { if case .sqlite(let path) = url { path } else { "" } }()).path)) {
                        _ = try await DatabaseBackup.restore(from: archive, into: url, logger: TestDatabase.logger)
                    }
                }
            } catch {
                try? await TestDatabase.drop(target)
                throw error
            }
            try await TestDatabase.drop(target)

            // Another engine's database, a newer schema, damaged data: refused before anything is written.
            let elsewhere: DatabaseURL = url.engine == .sqlite
                ? .postgres(DatabaseURL.PostgresLocation(host: "127.0.0.1", port: 1, username: "x", password: nil, database: "x", tls: .disable))
                : .sqlite(path: folder.appendingPathComponent("other.sqlite").path)
            await #expect(throws: BackupError.otherEngine(backup: url.engine, target: elsewhere.engine)) {
                _ = try await DatabaseBackup.restore(from: archive, into: elsewhere, logger: TestDatabase.logger)
            }
            let fresh = try await TestDatabase.create(engine)
            let newer = folder.appendingPathComponent("newer.zip"), damaged = folder.appendingPathComponent("damaged.zip")
            try Self.rewrite(archive, to: newer, manifest: BackupManifest(engine: manifest.engine, createdAt: manifest.createdAt, migrations: manifest.migrations + [9_999],
                                                                          counts: manifest.counts, file: manifest.file, sha256: manifest.sha256))
            await #expect(throws: BackupError.newerSchema(backup: 9_999, known: manifest.migrations.max() ?? 0)) {
                _ = try await DatabaseBackup.restore(from: newer, into: fresh, logger: TestDatabase.logger)
            }
            try Self.rewrite(archive, to: damaged, manifest: BackupManifest(engine: manifest.engine, createdAt: manifest.createdAt, migrations: manifest.migrations,
                                                                            counts: manifest.counts, file: manifest.file, sha256: String(repeating: "0", count: 64)))
            await #expect(throws: BackupError.checksum(expected: String(repeating: "0", count: 64), found: manifest.sha256)) {
                _ = try await DatabaseBackup.restore(from: damaged, into: fresh, logger: TestDatabase.logger)
            }
            if case .sqlite(let path) = fresh { #expect(!FileManager.default.fileExists(atPath: path), "nothing written") }
            let garbage = folder.appendingPathComponent("not-a-backup.zip")
            try Data("no zip".utf8).write(to: garbage)
            await #expect(throws: BackupError.unreadable("\(garbage.path) is no backup archive (a ZIP file)")) {
                _ = try await DatabaseBackup.restore(from: garbage, into: fresh, logger: TestDatabase.logger)
            }
            try await TestDatabase.drop(fresh)
        }
    }

    /// The same archive with another manifest (the data as it was).
    static func rewrite(_ archive: URL, to other: URL, manifest: BackupManifest) throws {
        let source = try Archive(url: archive, accessMode: .read)
        let target = try Archive(url: other, accessMode: .create)
        for entry in source {
            var data = Data()
            if entry.path == BackupManifest.name {
                data = try BackupManifest.encoder.encode(manifest)
            } else {
                _ = try source.extract(entry) { data.append($0) }
            }
            let bytes = data
            try target.addEntry(with: entry.path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }
}
