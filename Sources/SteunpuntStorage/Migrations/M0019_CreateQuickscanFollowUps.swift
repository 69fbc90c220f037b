import SQLKit

/// Follow-up of quickscan responses (issue 6): the coordinator's decision on each proposal,
/// one per municipality per round, with the support request a confirmation filed.
enum M0019_CreateQuickscanFollowUps: Migration {
    static let id = 19
    static let name = "create quickscan follow-ups"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE quickscan_follow_ups (
                round_id TEXT NOT NULL,
                municipality_code TEXT NOT NULL,
                decision TEXT NOT NULL CHECK (decision IN ('bevestigd', 'afgewezen')),
                request_id TEXT REFERENCES support_requests (id),
                decided_by TEXT NOT NULL REFERENCES users (id),
                decided_at \(t.timestamp) NOT NULL,
                PRIMARY KEY (round_id, municipality_code),
                FOREIGN KEY (round_id, municipality_code) REFERENCES quickscan_targets (round_id, municipality_code),
                CHECK ((decision = 'bevestigd') = (request_id IS NOT NULL))
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE quickscan_follow_ups"])
    }
}
