import SQLKit

/// Support from the 10-point plan (issue 20, part 4): each time a municipality ticks "wants
/// support" on a point a proposal opens; the coordinator confirms it (with the support
/// request it filed) or dismisses it (with a reason), or the municipality withdraws it. At
/// most one proposal per point of a municipality is open.
enum M0041_CreatePlanSupport: Migration {
    static let id = 41
    static let name = "10-point plan support proposals"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            """
            CREATE TABLE plan_support_proposals (
                id TEXT PRIMARY KEY,
                municipality_code TEXT NOT NULL REFERENCES municipalities (code),
                point_key TEXT NOT NULL,
                asked_by TEXT REFERENCES users (id),
                asked_at \(t.timestamp) NOT NULL,
                state TEXT NOT NULL CHECK (state IN ('open', 'bevestigd', 'afgewezen', 'ingetrokken')),
                request_id TEXT REFERENCES support_requests (id),
                decided_by TEXT REFERENCES users (id),
                decided_at \(t.timestamp),
                reason TEXT NOT NULL,
                CHECK ((state = 'bevestigd') = (request_id IS NOT NULL))
            )
            """,
            "CREATE UNIQUE INDEX plan_support_open ON plan_support_proposals (municipality_code, point_key) WHERE state = 'open'",
            "CREATE INDEX plan_support_state ON plan_support_proposals (state, asked_at)",
            "CREATE INDEX plan_support_municipality ON plan_support_proposals (municipality_code, point_key, asked_at)",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["DROP TABLE plan_support_proposals"])
    }
}
