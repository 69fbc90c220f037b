import Foundation
import SQLKit

/// Quickscan responses can be destroyed by a destruction list when the operator sets a
/// rule for them (issue 23; by default they are kept): each response gets an id of its own
/// (a list names its records by id; the responses so far get one here) and a
/// `destroyed_at`.
enum M0064_IdentifyQuickscanResponses: Migration {
    static let id = 64
    static let name = "quickscan response ids and destruction"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE quickscan_responses ADD COLUMN id TEXT",
            "ALTER TABLE quickscan_responses ADD COLUMN destroyed_at \(t.timestamp)",
        ])
        for row in try await db.select().columns("round_id", "municipality_code").from("quickscan_responses").all() {
            try await db.update("quickscan_responses").set("id", to: UUID().uuidString)
                .where("round_id", .equal, try row.decode(column: "round_id", as: String.self))
                .where("municipality_code", .equal, try row.decode(column: "municipality_code", as: String.self)).run()
        }
        try await db.run(["CREATE UNIQUE INDEX quickscan_responses_id ON quickscan_responses (id)"])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "DROP INDEX quickscan_responses_id",
            "ALTER TABLE quickscan_responses DROP COLUMN destroyed_at",
            "ALTER TABLE quickscan_responses DROP COLUMN id",
        ])
    }
}
