import SQLKit

/// The national figures and the annual report read a year's incidents in one pass (issue
/// 21): this index holds everything they count by, grounds, setting and status included,
/// so the pass reads the index alone; it replaces M0048's.
enum M0049_IndexIncidentsForTally: Migration {
    static let id = 49
    static let name = "incidents counted from one index"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP INDEX incidents_period",
            "CREATE INDEX incidents_tally ON incidents (occurred_on, kind, municipality_code, nature, setting, status, grounds)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP INDEX incidents_tally", "CREATE INDEX incidents_period ON incidents (occurred_on, kind, municipality_code, nature)"])
    }
}
