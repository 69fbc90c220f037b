/// Failures of the storage layer that callers can act on.
public enum StorageError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The database could not be reached or opened; the text says where and why.
    case unreachable(String)
    /// The database was shut down and takes no more work.
    case shutDown
    /// The database does not answer now (no connection in time, a connection lost, a call
    /// past its time limit): worth trying again shortly. Answered 503 with `Retry-After`.
    case unavailable(String)
    /// A migration failed; nothing of it was applied.
    case migrationFailed(id: Int, reason: String)
    /// The database has migrations this version does not know: it was made by a newer
    /// Steunpunt. Migrations only go forward; go back by restoring a backup.
    case newerSchema(unknown: [Int])
    /// A stored value is not one this build understands (edited by hand, or a newer version wrote it).
    case corruptRow(table: String, key: String)

    public var description: String {
        switch self {
        case .unreachable(let reason): "the database cannot be reached: \(reason)"
        case .shutDown: "the database has been shut down"
        case .unavailable(let reason): "the database is not available now: \(reason)"
        case .migrationFailed(let id, let reason): "migration \(id) failed: \(reason)"
        case .newerSchema(let unknown): "the database was migrated by a newer Steunpunt (migrations \(unknown.map(String.init).joined(separator: ", ")) are unknown here); run the newer version, or restore a backup made before the upgrade"
        case .corruptRow(let table, let key): "a row in \(table) (\(key)) holds a value this version does not understand"
        }
    }
}
