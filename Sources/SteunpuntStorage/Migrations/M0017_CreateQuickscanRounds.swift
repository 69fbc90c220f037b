import SQLKit

/// Quickscan rounds (issue 6): a published instrument version fielded to target
/// municipalities, each with a personal invitation link whose secret is stored only as
/// its SHA-256 digest, with an expiry and a revocation.
enum M0017_CreateQuickscanRounds: Migration {
    static let id = 17
    static let name = "create quickscan rounds"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE quickscan_rounds (
                id TEXT PRIMARY KEY,
                title TEXT NOT NULL,
                instrument_id TEXT NOT NULL,
                instrument_version INTEGER NOT NULL,
                opens_on TEXT NOT NULL,
                closes_on TEXT NOT NULL,
                created_by TEXT NOT NULL REFERENCES users (id),
                created_at \(t.timestamp) NOT NULL,
                FOREIGN KEY (instrument_id, instrument_version) REFERENCES quickscan_instrument_versions (instrument_id, version)
            )
            """,
            """
            CREATE TABLE quickscan_targets (
                round_id TEXT NOT NULL REFERENCES quickscan_rounds (id),
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                token_digest TEXT NOT NULL UNIQUE,
                invited_at \(t.timestamp) NOT NULL,
                expires_at \(t.timestamp) NOT NULL,
                revoked_at \(t.timestamp),
                PRIMARY KEY (round_id, municipality_code)
            )
            """,
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE quickscan_targets", "DROP TABLE quickscan_rounds"])
    }
}
