import SQLKit

/// Quickscan responses (issue 6): one per target municipality per round, its answers one
/// row per question, so officials filling in different questions at the same time each
/// keep theirs.
enum M0018_CreateQuickscanResponses: Migration {
    static let id = 18
    static let name = "create quickscan responses"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE quickscan_responses (
                round_id TEXT NOT NULL,
                municipality_code TEXT NOT NULL,
                status TEXT NOT NULL,
                updated_at \(t.timestamp) NOT NULL,
                submitted_by TEXT REFERENCES users (id),
                submitted_at \(t.timestamp),
                PRIMARY KEY (round_id, municipality_code),
                FOREIGN KEY (round_id, municipality_code) REFERENCES quickscan_targets (round_id, municipality_code)
            )
            """,
            """
            CREATE TABLE quickscan_answers (
                round_id TEXT NOT NULL,
                municipality_code TEXT NOT NULL,
                question_key TEXT NOT NULL,
                value TEXT NOT NULL,
                changed_by TEXT NOT NULL REFERENCES users (id),
                changed_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (round_id, municipality_code, question_key),
                FOREIGN KEY (round_id, municipality_code) REFERENCES quickscan_responses (round_id, municipality_code)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE quickscan_answers", "DROP TABLE quickscan_responses"])
    }
}
