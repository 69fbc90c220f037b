import SQLKit

/// The national figures of incidents (issue 21, part 6) read a year's incidents by day:
/// the index holds what they count by, so a year is read from the index alone.
enum M0048_IndexIncidentsByPeriod: Migration {
    static let id = 48
    static let name = "incidents by period"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["CREATE INDEX incidents_period ON incidents (occurred_on, kind, municipality_code, nature)"])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX incidents_period"])
    }
}
