import SQLKit

/// A closed quarter keeps each figure's breakdown by the other dimensions it may be broken
/// down by (issue 22, part 3: province, population class, channel, need), as JSON of a
/// tally per dimension, so a closed figure reads the same by any of them. Quarters closed
/// before keep only their own breakdown (`breakdowns` NULL: the page says it was not kept).
enum M0057_KeepIndicatorBreakdowns: Migration {
    static let id = 57
    static let name = "indicator breakdowns of closed periods"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE indicator_records ADD COLUMN breakdowns TEXT"])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE indicator_records DROP COLUMN breakdowns"])
    }
}
