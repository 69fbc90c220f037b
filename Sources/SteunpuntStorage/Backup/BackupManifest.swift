import Foundation

/// What a backup holds (issue 23, part 4), written beside the data in the archive: the
/// archive's format, the engine it is from, when it was made, which migrations its schema
/// has, how many rows each table had in the copy, and the SHA-256 of the data file, so a
/// restore can refuse what it cannot take and prove it took all of it.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The archive's own format (1: a ZIP with `manifest.json` and one data file).
    public let format: Int
    public let engine: Engine
    public let createdAt: Date
    public let migrations: [Int]
    /// Rows per table in the copy (taken from the copy itself, or in the snapshot it was dumped from).
    public let counts: [String: Int]
    /// The data file's name in the archive: `database.sqlite` or `database.dump` (pg_dump's custom format).
    public let file: String
    public let sha256: String

    public static let currentFormat = 1
    static let name = "manifest.json"

    public init(format: Int = BackupManifest.currentFormat, engine: Engine, createdAt: Date, migrations: [Int], counts: [String: Int], file: String, sha256: String) {
        self.format = format
        self.engine = engine
        self.createdAt = createdAt
        self.migrations = migrations
        self.counts = counts
        self.file = file
        self.sha256 = sha256
    }

    /// Written and read as every stored snapshot is (ISO 8601 dates, sorted keys).
    static var encoder: JSONEncoder { .snapshots }
    static var decoder: JSONDecoder { .snapshots }
}

extension Engine: Codable {}

/// Why a backup or a restore could not be done, in words an operator acts on.
public enum BackupError: Error, Equatable, CustomStringConvertible {
    case targetExists(String)
    case targetNotEmpty(String)
    case otherEngine(backup: Engine, target: Engine)
    case newerSchema(backup: Int, known: Int)
    case unreadable(String)
    case checksum(expected: String, found: String)
    case countsDiffer([String])
    case toolMissing(String)
    case toolFailed(String, String)

    public var description: String {
        switch self {
        case .targetExists(let path): "\(path) exists already: restore only into a new file (move the old one away first)"
        case .targetNotEmpty(let target): "the database \(target) is not empty: restore only into an empty database"
        case .otherEngine(let backup, let target): "the backup is of a \(backup.rawValue) database and cannot be restored into \(target.rawValue)"
        case .newerSchema(let backup, let known): "the backup has migration \(backup), this Steunpunt knows up to \(known): restore it with a newer Steunpunt"
        case .unreadable(let why): "the backup cannot be read: \(why)"
        case .checksum(let expected, let found): "the backup's data does not match its manifest (SHA-256 \(found), expected \(expected)): it is damaged"
        case .countsDiffer(let tables): "the restored database does not hold what the backup says: \(tables.joined(separator: ", "))"
        case .toolMissing(let tool): "\(tool) is not installed (PostgreSQL's client tools: apt-get install postgresql-client)"
        case .toolFailed(let tool, let output): "\(tool) failed: \(output)"
        }
    }
}
