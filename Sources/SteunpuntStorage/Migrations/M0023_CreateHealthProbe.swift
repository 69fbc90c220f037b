import SQLKit

/// One row the readiness check writes (issue 14.11): a database that answers `SELECT 1`
/// but refuses every write (a full disk, a read-only replica) is not ready.
enum M0023_CreateHealthProbe: Migration {
    static let id = 23
    static let name = "create health probe"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "CREATE TABLE health_probe (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at \(t.timestamp) NOT NULL)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE health_probe"])
    }
}
