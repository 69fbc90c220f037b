import Foundation
import SQLKit
#if canImport(Glibc)
import Glibc
#endif

/// Every PostgreSQL advisory lock Steunpunt takes, in one list, so no two features share a
/// number by accident (a test checks they differ). Several instances on one database
/// coordinate with these.
public enum AdvisoryLock: Int64, CaseIterable, Sendable {
    /// One migration at a time (`Migrator`), held until its transaction ends.
    case migration = 7712015
    /// The audit trail's lanes (`AuditStore`): taken with two keys, this one and the lane.
    case auditLanes = 7712016
    /// Preparing the database at start-up (migrations, reference data, sealed secrets), held
    /// for the whole preparation, so processes starting together prepare one after another.
    case preparation = 7712017
    /// Removing audit entries past their retention behind a checkpoint (`AuditStore.prune`).
    case auditPruning = 7712018
    /// Collecting records due for destruction (`RetentionStore`): "retentie" in ASCII.
    case retentionCollection = 0x7265_7465_6E74_6965
}

extension Database {
    /// Runs `body` while no other process on this database runs a body under the same
    /// `lock`. PostgreSQL: a session advisory lock, taken on a connection of its own and held
    /// until `body` ends (or the connection drops), however long that takes. SQLite: an exclusive `flock` on a file
    /// beside the database (`FILE.lock-NUMBER`), released when `body` ends or the process does:
    /// a command run beside the server is one more process on the same file.
    public func exclusively<R: Sendable>(_ lock: AdvisoryLock, _ body: @escaping @Sendable () async throws -> R) async throws -> R {
        guard engine == .postgres else {
            guard let file else { return try await body() }
            let held = try await FileLock.take("\(file).lock-\(lock.rawValue)")
            defer { held.release() }
            return try await body()
        }
        guard let postgres = provider as? PostgresConnectionProvider else { return try await body() }
        // Held without the limit on a call: the work under the lock (a long migration) and
        // the wait for another process's work may take longer than one statement may.
        return try await postgres.withHeldConnection { connection in
            try await connection.raw("SELECT pg_advisory_lock(\(literal: lock.rawValue))").run()
            do {
                let result = try await body()
                try await connection.raw("SELECT pg_advisory_unlock(\(literal: lock.rawValue))").run()
                return result
            } catch {
                _ = try? await connection.raw("SELECT pg_advisory_unlock(\(literal: lock.rawValue))").run()
                throw error
            }
        }
    }
}

/// An exclusive `flock` on a file, waited for without blocking a thread (tried again every
/// 50 ms). The kernel drops it when the descriptor closes, also when the process dies.
struct FileLock: Sendable {
    let descriptor: Int32

    static func take(_ path: String) async throws -> FileLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StorageError.unreachable("cannot open the lock file \(path): \(String(cString: strerror(errno)))") }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw StorageError.unreachable("cannot lock \(path): \(reason)")
            }
            do {
                try await Task.sleep(for: .milliseconds(50))
            } catch {
                close(descriptor)
                throw error
            }
        }
        return FileLock(descriptor: descriptor)
    }

    func release() {
        close(descriptor)
    }
}
