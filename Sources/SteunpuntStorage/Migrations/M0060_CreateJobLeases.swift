import SQLKit

/// Leases on background jobs (issue 23, part 5): with several instances on one
/// PostgreSQL, a job's round runs on the instance that holds its lease, so each round runs
/// once across them; the holder renews it every round and another takes over when it
/// lapses.
enum M0060_CreateJobLeases: Migration {
    static let id = 60
    static let name = "job leases"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["CREATE TABLE job_leases (job TEXT PRIMARY KEY, holder TEXT NOT NULL, until \(t.timestamp) NOT NULL)"])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE job_leases"])
    }
}
