import SQLKit

/// A submitted quickscan response keeps its answers as one text beside it (issue 6,
/// performance): `key␟json␞key␟json…`, written when it is submitted and cleared when it is
/// reopened, while the answers cannot change. Analysing a round then reads one short row
/// per municipality instead of joining and aggregating 100 answer rows each. Responses
/// already submitted get theirs here.
enum M0021_StoreSubmittedAnswers: Migration {
    static let id = 21
    static let name = "store submitted answers"

    static func prepare(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run([
            "ALTER TABLE quickscan_responses ADD COLUMN submitted_answers TEXT",
            "UPDATE quickscan_responses SET submitted_answers = \(ResponseStore.joinedAnswers(engine: t.engine)) WHERE status = 'ingediend'",
        ])
    }

    static func revert(on db: any SQLDatabase, types t: ColumnTypes) async throws {
        try await db.run(["ALTER TABLE quickscan_responses DROP COLUMN submitted_answers"])
    }
}
