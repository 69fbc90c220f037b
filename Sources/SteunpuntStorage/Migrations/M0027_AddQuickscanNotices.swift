import SQLKit

/// Quickscan notices (issue 18): when a target municipality was reminded that the round
/// closes soon, and when the round's closing was made known; each once.
enum M0027_AddQuickscanNotices: Migration {
    static let id = 27
    static let name = "add quickscan notices"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE quickscan_targets ADD COLUMN reminded_at \(t.timestamp)",
            "ALTER TABLE quickscan_rounds ADD COLUMN closing_noticed_at \(t.timestamp)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE quickscan_rounds DROP COLUMN closing_noticed_at",
            "ALTER TABLE quickscan_targets DROP COLUMN reminded_at",
        ])
    }
}
