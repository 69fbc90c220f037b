import SQLKit

/// The records an indicator rested on for a period that has ended (issue 22, part 5): read
/// once after the period's end and kept as they were (`records`: JSON of id, municipality,
/// part of the breakdown and value), with the definition's version and when they were read,
/// so the figure of a closed quarter never changes and its provenance stays exact.
enum M0052_CreateIndicatorRecords: Migration {
    static let id = 52
    static let name = "indicator records of closed periods"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE indicator_records (
                code TEXT NOT NULL,
                period TEXT NOT NULL,
                definition_version INTEGER NOT NULL,
                records TEXT NOT NULL,
                read_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (code, period)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE indicator_records"])
    }
}
