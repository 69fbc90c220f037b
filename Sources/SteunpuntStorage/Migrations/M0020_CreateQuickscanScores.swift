import SQLKit

/// Each submitted quickscan response's dimension scores (issue 6), written when it is
/// submitted and removed when it is reopened: comparing a round with the one before reads
/// these few numbers instead of every answer of the earlier round. Responses submitted
/// before this migration have none; the analysis then scores their answers.
enum M0020_CreateQuickscanScores: Migration {
    static let id = 20
    static let name = "create quickscan scores"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE quickscan_scores (
                round_id TEXT NOT NULL,
                municipality_code TEXT NOT NULL,
                dimension TEXT NOT NULL,
                score \(t.double) NOT NULL CHECK (score >= 0 AND score <= 100),
                PRIMARY KEY (round_id, municipality_code, dimension),
                FOREIGN KEY (round_id, municipality_code) REFERENCES quickscan_responses (round_id, municipality_code)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE quickscan_scores"])
    }
}
