import SQLKit

/// An incident names the support request its municipality filed from it, asking the
/// expertise unit for help (issue 21, part 4); the request's page finds the incident by it.
enum M0046_LinkIncidentsToRequests: Migration {
    static let id = 46
    static let name = "incidents linked to support requests"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE incidents ADD COLUMN request_id TEXT REFERENCES support_requests (id)",
            "CREATE INDEX incidents_request ON incidents (request_id)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX incidents_request", "ALTER TABLE incidents DROP COLUMN request_id"])
    }
}
